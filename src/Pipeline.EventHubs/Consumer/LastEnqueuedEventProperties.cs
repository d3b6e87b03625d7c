using System.Globalization;

namespace Pipeline.EventHubs.Consumer;

/// <summary>
/// The newest event of a partition as the service reported it alongside delivered events, so a consumer can tell how
/// far behind it is without a management call. Every value is null until the first event was received.
/// </summary>
/// <param name="SequenceNumber">The sequence number of the partition's newest event.</param>
/// <param name="OffsetString">The offset of the partition's newest event, as the service sent it.</param>
/// <param name="EnqueuedTime">When the partition's newest event was enqueued.</param>
/// <param name="LastReceivedTime">When the service looked these values up.</param>
public readonly record struct LastEnqueuedEventProperties(
    long? SequenceNumber,
    string? OffsetString,
    DateTimeOffset? EnqueuedTime,
    DateTimeOffset? LastReceivedTime)
{
    /// <summary>The offset as a number; null when none was reported or it is not numeric.</summary>
    public long? Offset => long.TryParse(OffsetString, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : null;
}
