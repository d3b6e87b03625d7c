namespace Pipeline.Cosmos.Requests;

/// <summary>The values of the <c>operation</c> tag on the store's metrics: one per kind of Cosmos DB request.</summary>
public static class OperationNames
{
    /// <summary>Point read of a tip.</summary>
    public const string ReadTip = "read-tip";

    /// <summary>Create of a new stream's tip.</summary>
    public const string CreateTip = "create-tip";

    /// <summary>Conditional replace of a tip.</summary>
    public const string ReplaceTip = "replace-tip";

    /// <summary>Create of a calved batch.</summary>
    public const string CreateBatch = "create-batch";

    /// <summary>Point read of a batch.</summary>
    public const string ReadBatch = "read-batch";

    /// <summary>Query for the batches covering a version range.</summary>
    public const string QueryBatches = "query-batches";

    /// <summary>Create of a dead letter.</summary>
    public const string WriteDeadLetter = "write-dead-letter";
}
