namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>A page of items from a feed and where the next page starts.</summary>
internal sealed record ItemPage(IReadOnlyList<StoredItem> Items, long NextPosition, bool HasMore);
