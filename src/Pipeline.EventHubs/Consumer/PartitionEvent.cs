namespace Pipeline.EventHubs.Consumer;

/// <summary>An event read from a partition together with that partition's context; <see cref="Data"/> is null when the wait time passed without an event.</summary>
public readonly record struct PartitionEvent(PartitionContext Partition, EventData? Data);
