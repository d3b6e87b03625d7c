using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>What a write decided to do with the current item, computed under the container's lock.</summary>
internal readonly record struct ItemChange(JsonObject? NewBody, bool Delete)
{
    public static ItemChange Put(JsonObject body) => new(body, false);

    public static ItemChange Remove() => new(null, true);
}

/// <summary>The item after a write (null after a delete) and the item it replaced.</summary>
internal readonly record struct ItemWriteResult(StoredItem? Item, StoredItem? Previous, long Lsn);

/// <summary>A page of items from a feed and where the next page starts.</summary>
internal sealed record ItemPage(IReadOnlyList<StoredItem> Items, long NextPosition, bool HasMore);
