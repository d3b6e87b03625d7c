namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>Items sharing one partition key value, indexed so partition-scoped reads never scan the container.</summary>
internal sealed class LogicalPartition
{
    public Dictionary<string, StoredItem> ById { get; } = new(StringComparer.Ordinal);

    public SortedSet<StoredItem> ByLsn { get; } = new(ItemOrder.ByLsn);

    public SortedSet<StoredItem> ByRid { get; } = new(ItemOrder.ByRid);

    /// <summary>Per unique key policy: the canonical values already taken, and by which item id.</summary>
    public Dictionary<string, string>[] UniqueValues { get; set; } = [];
}
