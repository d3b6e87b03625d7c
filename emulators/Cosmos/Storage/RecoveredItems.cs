namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>The state a journal hands back on recovery.</summary>
internal sealed record RecoveredItems(IReadOnlyList<ItemRecord> Snapshot, IReadOnlyList<ItemRecord> Journal, long LastLsn, ulong LastRid);
