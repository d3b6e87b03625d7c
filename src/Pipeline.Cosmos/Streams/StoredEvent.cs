using Pipeline.Core.Events;

namespace Pipeline.Cosmos.Streams;

/// <summary>An event as the store holds it: the CloudEvent's original JSON with its stream version and Event Hubs position.</summary>
public sealed class StoredEvent
{
    internal StoredEvent(long version, string eventId, EventHubsPosition? position, ReadOnlyMemory<byte> utf8)
    {
        Version = version;
        EventId = eventId;
        Position = position;
        Utf8 = utf8;
    }

    /// <summary>The event's version in its stream (1 for the first event).</summary>
    public long Version { get; }

    /// <summary>The CloudEvent id.</summary>
    public string EventId { get; }

    /// <summary>Where the event sat in Event Hubs, if it came through Event Hubs.</summary>
    public EventHubsPosition? Position { get; }

    /// <summary>The CloudEvent's UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Parses the stored CloudEvent.</summary>
    /// <exception cref="CloudEventFormatException">The stored bytes are not a valid CloudEvent.</exception>
    public CloudEventEnvelope ToEnvelope() => CloudEventParser.ParseEvent(Utf8);
}
