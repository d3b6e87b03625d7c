namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>The item after a write (null after a delete) and the item it replaced.</summary>
internal readonly record struct ItemWriteResult(StoredItem? Item, StoredItem? Previous, long Lsn);
