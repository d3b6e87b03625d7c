namespace Pipeline.EventHubs.Consumer;

/// <summary>Which partition an event was read from, and what is known about that partition's newest event.</summary>
public class PartitionContext
{
    private readonly Func<LastEnqueuedEventProperties>? _readLastEnqueued;

    /// <summary>Creates the context of a partition.</summary>
    public PartitionContext(string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId)
        : this(fullyQualifiedNamespace, eventHubName, consumerGroup, partitionId, null)
    {
    }

    internal PartitionContext(string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, Func<LastEnqueuedEventProperties>? readLastEnqueued)
    {
        FullyQualifiedNamespace = fullyQualifiedNamespace;
        EventHubName = eventHubName;
        ConsumerGroup = consumerGroup;
        PartitionId = partitionId;
        _readLastEnqueued = readLastEnqueued;
    }

    /// <summary>The namespace host.</summary>
    public string FullyQualifiedNamespace { get; }

    /// <summary>The Event Hub.</summary>
    public string EventHubName { get; }

    /// <summary>The consumer group the events are read through.</summary>
    public string ConsumerGroup { get; }

    /// <summary>The partition.</summary>
    public string PartitionId { get; }

    /// <summary>The newest event of the partition as last reported; needs <see cref="ReadEventOptions.TrackLastEnqueuedEventProperties"/>.</summary>
    public LastEnqueuedEventProperties ReadLastEnqueuedEventProperties() =>
        _readLastEnqueued is null
            ? throw new InvalidOperationException("Last enqueued event properties are only tracked when ReadEventOptions.TrackLastEnqueuedEventProperties is set.")
            : _readLastEnqueued();
}
