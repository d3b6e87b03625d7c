namespace Pipeline.Functions.Configuration;

/// <summary>Limits of <c>POST /api/events</c> and of the batcher that coalesces requests into Event Hubs batches (<c>Ingest__*</c> app settings).</summary>
public sealed class IngestSettings
{
    /// <summary>The largest single event; leaves room for AMQP framing within Event Hubs' 1 MB message limit.</summary>
    public int MaxEventBytes { get; set; } = 1_000_000;

    /// <summary>The most events one request may carry.</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>The largest request body.</summary>
    public int MaxRequestBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many events one dispatch round takes from the queue at most.</summary>
    public int MaxEventsPerRound { get; set; } = 4096;

    /// <summary>How many Event Hubs sends one round runs at once.</summary>
    public int MaxConcurrentSends { get; set; } = 32;

    /// <summary>
    /// How events are grouped into Event Hubs batches: <see cref="IngestBatching.PartitionId"/> (default; the partition
    /// key's partition computed with Event Hubs' hash, a few large batches per round) or
    /// <see cref="IngestBatching.PartitionKey"/> (one batch per stream, each message carrying <c>x-opt-partition-key</c>).
    /// </summary>
    public IngestBatching BatchBy { get; set; } = IngestBatching.PartitionId;

    /// <summary>How long sending one batch (retries included) may take before the request is answered 503.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Seconds a throttled client is told to wait (Retry-After).</summary>
    public int ThrottledRetryAfterSeconds { get; set; } = 1;
}
