namespace Pipeline.Functions.Configuration;

/// <summary>What ingest groups concurrent events by when it builds Event Hubs batches.</summary>
public enum IngestBatching
{
    /// <summary>By target partition: the subject's partition under Event Hubs' partition-key hash, sent to that partition id.</summary>
    PartitionId,

    /// <summary>By subject, sent with it as the partition key (messages keep <c>x-opt-partition-key</c>; more, smaller batches).</summary>
    PartitionKey,
}
