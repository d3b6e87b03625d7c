using Pipeline.Core.Events;

namespace Pipeline.Cosmos.Streams;

/// <summary>One CloudEvent to append, with its Event Hubs position when it came through Event Hubs (the idempotency high-water mark needs it).</summary>
/// <param name="Event">The validated CloudEvent; its original bytes are what is stored.</param>
/// <param name="Position">The event's Event Hubs partition and sequence number, or null for events that did not come through Event Hubs.</param>
public sealed record EventToAppend(CloudEventEnvelope Event, EventHubsPosition? Position = null);
