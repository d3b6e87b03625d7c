namespace Pipeline.EventHubs.Producer;

/// <summary>Where a send goes: a partition key (hashed by the service), a partition, or neither (the service balances).</summary>
public class SendEventOptions
{
    /// <summary>Events with the same key land in the same partition, in order.</summary>
    public string? PartitionKey { get; set; }

    /// <summary>The partition to send to.</summary>
    public string? PartitionId { get; set; }

    internal void Validate()
    {
        if (PartitionKey is not null && PartitionId is not null)
        {
            throw new ArgumentException("Give a partition key or a partition id, not both.");
        }

        if (PartitionId is not null && string.IsNullOrWhiteSpace(PartitionId))
        {
            throw new ArgumentException("The partition id must not be empty.");
        }
    }
}
