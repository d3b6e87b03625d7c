namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>Where a container's changes go to survive a restart: nowhere (in-memory mode) or a journal on disk.</summary>
internal interface IItemJournal : IDisposable
{
    /// <summary>Everything recovered at start: the latest snapshot's items, then the journal records after it.</summary>
    RecoveredItems Recover();

    /// <summary>Makes changes durable before they become visible; several records land together or not at all.</summary>
    void Append(IReadOnlyList<ItemRecord> records);

    /// <summary>True when the journal has grown enough that a snapshot should replace it.</summary>
    bool WantsSnapshot { get; }

    void WriteSnapshot(IReadOnlyCollection<StoredItem> items, long lastLsn, ulong lastRid);

    /// <summary>Removes everything the journal keeps (the container was deleted).</summary>
    void Destroy();
}
