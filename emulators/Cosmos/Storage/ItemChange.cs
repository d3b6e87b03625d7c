using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>What a write decided to do with the current item, computed under the container's lock.</summary>
internal readonly record struct ItemChange(JsonObject? NewBody, bool Delete)
{
    public static ItemChange Put(JsonObject body) => new(body, false);

    public static ItemChange Remove() => new(null, true);
}
