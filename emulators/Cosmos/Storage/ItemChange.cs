using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>What a write decided to do with the current item, computed under the container's lock.</summary>
/// <param name="NewBody">UTF-8 JSON of the new item, a validated object; the store adds the system properties.</param>
internal readonly record struct ItemChange(byte[]? NewBody, bool Delete)
{
    /// <summary>Puts a client's body as it arrived; the caller has validated it as a JSON object.</summary>
    public static ItemChange Put(byte[] validatedObject) => new(validatedObject, false);

    public static ItemChange Put(JsonObject body) => new(JsonSerializer.SerializeToUtf8Bytes(body), false);

    public static ItemChange Remove() => new(null, true);
}
