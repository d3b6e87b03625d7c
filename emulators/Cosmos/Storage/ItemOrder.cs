namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>The two orders feeds walk in: change feed by LSN, read feed by creation (`_rid`).</summary>
internal sealed class ItemOrder : IComparer<StoredItem>
{
    public static readonly ItemOrder ByLsn = new(byLsn: true);
    public static readonly ItemOrder ByRid = new(byLsn: false);

    private readonly bool byLsn;

    private ItemOrder(bool byLsn) => this.byLsn = byLsn;

    public int Compare(StoredItem? x, StoredItem? y) =>
        byLsn ? x!.Lsn.CompareTo(y!.Lsn) : x!.RidNumber.CompareTo(y!.RidNumber);

    /// <summary>A stand-in item used only as a bound for range views.</summary>
    public static StoredItem Probe(long lsn, ulong rid) => new()
    {
        Id = string.Empty,
        PartitionKey = string.Empty,
        Body = [],
        ETag = string.Empty,
        Lsn = lsn,
        Timestamp = 0,
        RidNumber = rid,
    };
}
