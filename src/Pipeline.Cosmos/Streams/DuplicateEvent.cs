namespace Pipeline.Cosmos.Streams;

/// <summary>An event an append skipped because the stream had already applied it.</summary>
/// <param name="EventId">The CloudEvent id.</param>
/// <param name="Position">Its Event Hubs position, if it had one.</param>
/// <param name="Reason">How the duplicate was recognised.</param>
public sealed record DuplicateEvent(string EventId, EventHubsPosition? Position, DuplicateReason Reason);
