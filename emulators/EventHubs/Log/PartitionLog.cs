namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>Turns a pending event into its stored bytes (in <paramref name="slab"/>) once its position is known.</summary>
internal delegate ReadOnlyMemory<byte> EventEncoder<in T>(T pending, long sequenceNumber, long offset, DateTimeOffset enqueuedTime, EventSlab slab);

/// <summary>What $management reports about a partition.</summary>
internal sealed record PartitionSnapshot(
    long BeginSequenceNumber,
    long LastEnqueuedSequenceNumber,
    long LastEnqueuedOffset,
    DateTimeOffset LastEnqueuedTime,
    bool IsEmpty);

/// <summary>
/// One partition's ordered, append-only event log: assigns sequence numbers, offsets and enqueued times,
/// answers reads from any position and wakes readers waiting for new events. Thread-safe.
/// </summary>
internal sealed class PartitionLog : IDisposable
{
    private readonly object gate = new();
    private readonly IPartitionStore store;
    private readonly List<LogEvent> events;
    private readonly EventSlab slab = new();
    private long nextSequenceNumber;
    private long nextOffset;
    private long retainedBytes;
    private DateTimeOffset lastEnqueuedTime = DateTimeOffset.MinValue;
    private TaskCompletionSource? appended;

    public PartitionLog(string partitionId, IPartitionStore store)
    {
        PartitionId = partitionId;
        this.store = store;
        events = [.. store.Recover()];
        if (events.Count > 0)
        {
            var last = events[^1];
            nextSequenceNumber = last.SequenceNumber + 1;
            nextOffset = last.Offset + last.RecordSize;
            lastEnqueuedTime = last.EnqueuedTime;
            foreach (var e in events)
            {
                retainedBytes += e.RecordSize;
            }
        }
    }

    public string PartitionId { get; }

    /// <summary>
    /// Appends events atomically. <paramref name="encode"/> turns each pending event into the stored message once
    /// its sequence number, offset and enqueued time are known (they become message annotations).
    /// </summary>
    public IReadOnlyList<LogEvent> Append<T>(IReadOnlyList<T> pending, EventEncoder<T> encode)
    {
        TaskCompletionSource? wake;
        var added = new List<LogEvent>(pending.Count);
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            // AMQP timestamps carry milliseconds; enqueued times never go backwards within a partition.
            now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            if (now < lastEnqueuedTime)
            {
                now = lastEnqueuedTime;
            }

            var sequenceNumber = nextSequenceNumber;
            var offset = nextOffset;
            foreach (var item in pending)
            {
                var assigned = sequenceNumber++;
                var e = new LogEvent(assigned, offset, now, encode(item, assigned, offset, now, slab));
                offset += e.RecordSize;
                added.Add(e);
            }

            store.Append(added);
            events.AddRange(added);
            nextSequenceNumber = sequenceNumber;
            nextOffset = offset;
            lastEnqueuedTime = now;
            foreach (var e in added)
            {
                retainedBytes += e.RecordSize;
            }

            wake = appended;
            appended = null;
        }

        wake?.TrySetResult();
        return added;
    }

    /// <summary>Copies up to <paramref name="max"/> events starting at <paramref name="fromSequenceNumber"/>.</summary>
    public int Read(long fromSequenceNumber, int max, List<LogEvent> into) => Read(fromSequenceNumber, max, into, out _);

    /// <summary>
    /// Copies up to <paramref name="max"/> events starting at <paramref name="fromSequenceNumber"/> and reports the
    /// partition's state at that moment (what receivers that track the last enqueued event are told).
    /// </summary>
    public int Read(long fromSequenceNumber, int max, List<LogEvent> into, out PartitionSnapshot state)
    {
        lock (gate)
        {
            state = SnapshotLocked();
            if (events.Count == 0 || fromSequenceNumber >= nextSequenceNumber)
            {
                return 0;
            }

            var first = events[0].SequenceNumber;
            var index = (int)Math.Max(0, fromSequenceNumber - first);
            var count = Math.Min(max, events.Count - index);
            for (var i = 0; i < count; i++)
            {
                into.Add(events[index + i]);
            }

            return count;
        }
    }

    /// <summary>Completes once an event with a sequence number of at least <paramref name="sequenceNumber"/> exists.</summary>
    public Task WhenAvailableAsync(long sequenceNumber)
    {
        lock (gate)
        {
            if (nextSequenceNumber > sequenceNumber)
            {
                return Task.CompletedTask;
            }

            appended ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return appended.Task;
        }
    }

    /// <summary>The sequence number of the first event a reader starting at <paramref name="position"/> receives.</summary>
    public long Resolve(StartPosition position)
    {
        lock (gate)
        {
            var firstRetained = events.Count > 0 ? events[0].SequenceNumber : nextSequenceNumber;
            switch (position)
            {
                case StartPosition.AtEnd:
                    return nextSequenceNumber;
                case StartPosition.FromSequenceNumber s:
                    return Math.Clamp(s.Inclusive ? s.SequenceNumber : s.SequenceNumber + 1, firstRetained, nextSequenceNumber);
                case StartPosition.FromOffset o:
                    return FirstIndexWhere(e => o.Inclusive ? e.Offset >= o.Offset : e.Offset > o.Offset);
                case StartPosition.AfterEnqueuedTime t:
                    return FirstIndexWhere(e => e.EnqueuedTime > t.Time);
                default:
                    return firstRetained;
            }
        }
    }

    public PartitionSnapshot Snapshot()
    {
        lock (gate)
        {
            return SnapshotLocked();
        }
    }

    /// <summary>Drops events older than <paramref name="maxAge"/> and, oldest first, beyond <paramref name="maxBytes"/>.</summary>
    public int ApplyRetention(DateTimeOffset now, TimeSpan maxAge, long maxBytes)
    {
        lock (gate)
        {
            var drop = 0;
            var bytes = retainedBytes;
            while (drop < events.Count && (events[drop].EnqueuedTime < now - maxAge || bytes > maxBytes))
            {
                bytes -= events[drop].RecordSize;
                drop++;
            }

            if (drop == 0)
            {
                return 0;
            }

            events.RemoveRange(0, drop);
            retainedBytes = bytes;
            store.DropBefore(events.Count > 0 ? events[0].SequenceNumber : nextSequenceNumber);
            return drop;
        }
    }

    public void Destroy()
    {
        lock (gate)
        {
            store.Destroy();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            store.Dispose();
        }
    }

    private PartitionSnapshot SnapshotLocked()
    {
        var empty = events.Count == 0;
        return new PartitionSnapshot(
            empty ? nextSequenceNumber : events[0].SequenceNumber,
            nextSequenceNumber - 1,
            nextSequenceNumber == 0 ? -1 : (empty ? nextOffset : events[^1].Offset),
            lastEnqueuedTime == DateTimeOffset.MinValue ? DateTimeOffset.UnixEpoch : lastEnqueuedTime,
            empty);
    }

    private long FirstIndexWhere(Func<LogEvent, bool> predicate)
    {
        // Offsets and enqueued times grow with the sequence number: binary search the first match.
        int low = 0, high = events.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (predicate(events[mid]))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low < events.Count ? events[low].SequenceNumber : nextSequenceNumber;
    }
}
