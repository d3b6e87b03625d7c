using System.Text;

namespace Pipeline.Functions.Triggers;

/// <summary>One Event Hubs message as the host delivered it: the body (dataType string) and where it sat in the partition.</summary>
public sealed class TriggeredEvent
{
    private string? body;

    /// <summary>An event whose body is already text.</summary>
    public TriggeredEvent(string body, long sequenceNumber, string? offset, DateTimeOffset enqueuedTime, string? partitionKey)
        : this(Encoding.UTF8.GetBytes(body), sequenceNumber, offset, enqueuedTime, partitionKey)
    {
        this.body = body;
    }

    /// <summary>An event whose body is UTF-8 (how it arrives; decoded to text only if someone asks for <see cref="Body"/>).</summary>
    public TriggeredEvent(ReadOnlyMemory<byte> utf8Body, long sequenceNumber, string? offset, DateTimeOffset enqueuedTime, string? partitionKey)
    {
        Utf8Body = utf8Body;
        SequenceNumber = sequenceNumber;
        Offset = offset;
        EnqueuedTime = enqueuedTime;
        PartitionKey = partitionKey;
    }

    /// <summary>The message body as UTF-8, as the host sent it (JSON-unescaped); parse this rather than <see cref="Body"/>.</summary>
    public ReadOnlyMemory<byte> Utf8Body { get; }

    /// <summary>The message body as text.</summary>
    public string Body => body ??= Encoding.UTF8.GetString(Utf8Body.Span);

    /// <summary>Its sequence number in the partition.</summary>
    public long SequenceNumber { get; }

    /// <summary>Its offset, as Event Hubs reports it.</summary>
    public string? Offset { get; }

    /// <summary>When Event Hubs accepted it.</summary>
    public DateTimeOffset EnqueuedTime { get; }

    /// <summary>The partition key it was sent with, if any.</summary>
    public string? PartitionKey { get; }

    /// <summary>The producer's W3C trace context (application property <c>traceparent</c> or <c>Diagnostic-Id</c>), if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When ingest accepted the POST that carried the event (application property <c>pipeline-accepted-at</c>), if stamped.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
}
