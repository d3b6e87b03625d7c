namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>Where a partition's events are kept besides memory: nowhere (tests) or segment files on disk.</summary>
internal interface IPartitionStore : IDisposable
{
    /// <summary>Events that survived the last run, oldest first; a torn tail has already been cut off.</summary>
    IReadOnlyList<LogEvent> Recover();

    void Append(IReadOnlyList<LogEvent> events);

    /// <summary>Drops stored data that holds only events before <paramref name="firstRetainedSequenceNumber"/>.</summary>
    void DropBefore(long firstRetainedSequenceNumber);

    /// <summary>Removes everything this store ever wrote (the hub was deleted).</summary>
    void Destroy();
}

/// <summary>The store of an in-memory emulator: nothing survives the process.</summary>
internal sealed class MemoryPartitionStore : IPartitionStore
{
    public IReadOnlyList<LogEvent> Recover() => [];

    public void Append(IReadOnlyList<LogEvent> events)
    {
    }

    public void DropBefore(long firstRetainedSequenceNumber)
    {
    }

    public void Destroy()
    {
    }

    public void Dispose()
    {
    }
}
