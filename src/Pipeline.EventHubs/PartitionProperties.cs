namespace Pipeline.EventHubs;

/// <summary>What the service reports about one partition: the range of retained events and the last one enqueued.</summary>
public sealed class PartitionProperties
{
    /// <summary>Creates the properties of a partition.</summary>
    public PartitionProperties(
        string eventHubName,
        string partitionId,
        bool isEmpty,
        long beginningSequenceNumber,
        long lastEnqueuedSequenceNumber,
        string lastEnqueuedOffset,
        DateTimeOffset lastEnqueuedTime)
    {
        EventHubName = eventHubName;
        Id = partitionId;
        IsEmpty = isEmpty;
        BeginningSequenceNumber = beginningSequenceNumber;
        LastEnqueuedSequenceNumber = lastEnqueuedSequenceNumber;
        LastEnqueuedOffsetString = lastEnqueuedOffset;
        LastEnqueuedTime = lastEnqueuedTime;
    }

    /// <summary>The Event Hub the partition belongs to.</summary>
    public string EventHubName { get; }

    /// <summary>The partition identifier.</summary>
    public string Id { get; }

    /// <summary>True when the partition holds no events.</summary>
    public bool IsEmpty { get; }

    /// <summary>The sequence number of the oldest retained event.</summary>
    public long BeginningSequenceNumber { get; }

    /// <summary>The sequence number of the newest event, -1 when empty.</summary>
    public long LastEnqueuedSequenceNumber { get; }

    /// <summary>The offset of the newest event as the service reports it, "-1" when empty.</summary>
    public string LastEnqueuedOffsetString { get; }

    /// <summary>When the newest event was enqueued.</summary>
    public DateTimeOffset LastEnqueuedTime { get; }
}
