namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>
/// Where a partition keeps its events' bytes in memory: packed into large chunks instead of one array per event.
/// A log holds every event it retains, so per-event arrays all survived into the oldest GC generation and were copied
/// on the way there; chunks are allocated once, are never moved, and go away when retention drops their last event.
/// Not thread-safe: the partition log calls it under its lock.
/// </summary>
internal sealed class EventSlab
{
    private const int ChunkSize = 1024 * 1024;

    private byte[] chunk = [];
    private int used;

    /// <summary>Copies <paramref name="message"/> into the current chunk (starting a new one when it does not fit).</summary>
    public ReadOnlyMemory<byte> Store(ReadOnlySpan<byte> message)
    {
        var stored = Reserve(message.Length);
        message.CopyTo(stored.Span);
        return stored;
    }

    /// <summary>Space for a message of <paramref name="length"/> bytes, which the caller fills completely.</summary>
    public Memory<byte> Reserve(int length)
    {
        if (chunk.Length - used < length)
        {
            // Every byte of a chunk is written before it is read, so it need not be zeroed first.
            chunk = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkSize, length));
            used = 0;
        }

        var reserved = new Memory<byte>(chunk, used, length);
        used += length;
        return reserved;
    }
}
