namespace Pipeline.Cosmos.Streams;

/// <summary>Where an event sat in Event Hubs; the store keeps the highest applied sequence number per partition to skip redeliveries.</summary>
/// <param name="PartitionId">The Event Hubs partition id.</param>
/// <param name="SequenceNumber">The event's sequence number in that partition.</param>
public readonly record struct EventHubsPosition(string PartitionId, long SequenceNumber);
