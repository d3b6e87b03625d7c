namespace Pipeline.EventHubs.Producer;

/// <summary>Where a batch goes and how large it may grow.</summary>
public class CreateBatchOptions : SendEventOptions
{
    /// <summary>The largest encoded size of the batch; null (or larger than the link allows) uses the link's limit.</summary>
    public long? MaximumSizeInBytes { get; set; }
}
