namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>In-memory mode: changes live as long as the emulator does.</summary>
internal sealed class MemoryJournal : IItemJournal
{
    public bool WantsSnapshot => false;

    public RecoveredItems Recover() => new([], [], 0, 0);

    public void Append(IReadOnlyList<ItemRecord> records)
    {
    }

    public void WriteSnapshot(IReadOnlyCollection<StoredItem> items, long lastLsn, ulong lastRid)
    {
    }

    public void Destroy()
    {
    }

    public void Dispose()
    {
    }
}
