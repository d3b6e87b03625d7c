namespace Pipeline.EventHubs.Consumer;

/// <summary>
/// The newest event of a partition as the service reported it alongside delivered events, so a consumer can tell how
/// far behind it is without a management call.
/// </summary>
public readonly record struct LastEnqueuedEventProperties(
    long? SequenceNumber,
    string? OffsetString,
    DateTimeOffset? EnqueuedTime,
    DateTimeOffset? LastReceivedTime);
