using System.Collections.ObjectModel;

namespace Pipeline.EventHubs;

/// <summary>
/// One event as published to or read from an Event Hub: a binary body plus the properties that travel with it,
/// shaped like Azure.Messaging.EventHubs.EventData.
/// </summary>
public class EventData
{
    private static readonly IReadOnlyDictionary<string, object> NoSystemProperties =
        new ReadOnlyDictionary<string, object>(new Dictionary<string, object>());

    /// <summary>Creates an event whose body is the given bytes.</summary>
    public EventData(ReadOnlyMemory<byte> eventBody)
        : this(BinaryData.FromBytes(eventBody))
    {
    }

    /// <summary>Creates an event whose body is the UTF-8 encoding of the given text.</summary>
    public EventData(string eventBody)
        : this(BinaryData.FromString(eventBody ?? throw new ArgumentNullException(nameof(eventBody))))
    {
    }

    /// <summary>Creates an event with the given body.</summary>
    public EventData(BinaryData eventBody)
    {
        ArgumentNullException.ThrowIfNull(eventBody);
        EventBody = eventBody;
        SystemProperties = NoSystemProperties;
        SequenceNumber = long.MinValue;
        OffsetString = string.Empty;
    }

    internal EventData(
        BinaryData eventBody,
        IDictionary<string, object> properties,
        IReadOnlyDictionary<string, object> systemProperties,
        long sequenceNumber,
        string offset,
        DateTimeOffset enqueuedTime,
        string? partitionKey)
    {
        EventBody = eventBody;
        Properties = properties;
        SystemProperties = systemProperties;
        SequenceNumber = sequenceNumber;
        OffsetString = offset;
        EnqueuedTime = enqueuedTime;
        PartitionKey = partitionKey;
    }

    /// <summary>The event payload.</summary>
    public BinaryData EventBody { get; set; }

    /// <summary>The event payload as raw bytes.</summary>
    public ReadOnlyMemory<byte> Body => EventBody.ToMemory();

    /// <summary>The MIME type of the body (AMQP <c>content-type</c>).</summary>
    public string? ContentType { get; set; }

    /// <summary>An application-defined identifier of the event (AMQP <c>message-id</c>).</summary>
    public string? MessageId { get; set; }

    /// <summary>An application-defined correlation identifier (AMQP <c>correlation-id</c>).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Application properties that travel with the event (AMQP <c>application-properties</c>).</summary>
    public IDictionary<string, object> Properties { get; } = new Dictionary<string, object>(StringComparer.Ordinal);

    /// <summary>Properties the service stamped on the event when it was enqueued (message annotations).</summary>
    public IReadOnlyDictionary<string, object> SystemProperties { get; }

    /// <summary>The position of the event in its partition, assigned by the service; <see cref="long.MinValue"/> before it was enqueued.</summary>
    public long SequenceNumber { get; }

    /// <summary>The service-assigned offset of the event in its partition, as the service sent it; empty before it was enqueued.</summary>
    public string OffsetString { get; }

    /// <summary>The offset as a number, or -1 when the service's offset is not numeric or the event was not enqueued yet.</summary>
    public long Offset => long.TryParse(OffsetString, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : -1;

    /// <summary>When the service enqueued the event.</summary>
    public DateTimeOffset EnqueuedTime { get; }

    /// <summary>The partition key the event was published with, if any.</summary>
    public string? PartitionKey { get; }
}
