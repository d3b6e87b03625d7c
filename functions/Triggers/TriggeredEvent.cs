namespace Pipeline.Functions.Triggers;

/// <summary>One Event Hubs message as the host delivered it: the body (dataType string) and where it sat in the partition.</summary>
/// <param name="Body">The message body as the host decoded it (UTF-8 text).</param>
/// <param name="SequenceNumber">Its sequence number in the partition.</param>
/// <param name="Offset">Its offset, as Event Hubs reports it.</param>
/// <param name="EnqueuedTime">When Event Hubs accepted it.</param>
/// <param name="PartitionKey">The partition key it was sent with, if any.</param>
public sealed record TriggeredEvent(string Body, long SequenceNumber, string? Offset, DateTimeOffset EnqueuedTime, string? PartitionKey)
{
    /// <summary>The producer's W3C trace context (application property <c>traceparent</c> or <c>Diagnostic-Id</c>), if any.</summary>
    public string? TraceParent { get; init; }

    /// <summary>When ingest accepted the POST that carried the event (application property <c>pipeline-accepted-at</c>), if stamped.</summary>
    public DateTimeOffset? AcceptedAt { get; init; }
}
