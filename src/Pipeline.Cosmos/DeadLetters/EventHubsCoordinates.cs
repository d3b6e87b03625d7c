namespace Pipeline.Cosmos.DeadLetters;

/// <summary>Everything Event Hubs says about where a message sat, so a dead letter can be traced and replayed.</summary>
/// <param name="PartitionId">The partition id.</param>
/// <param name="SequenceNumber">The sequence number in the partition.</param>
/// <param name="Offset">The offset in the partition (a string, as Event Hubs reports it).</param>
/// <param name="EnqueuedTime">When Event Hubs accepted the message.</param>
public readonly record struct EventHubsCoordinates(string PartitionId, long SequenceNumber, string? Offset, DateTimeOffset EnqueuedTime);
