using System.Text.Json;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// The items of one container: point access by (partition key, id), change feed order by LSN, read feed order by
/// `_rid`, unique keys per logical partition and TTL expiry. Every write is journalled before it becomes visible.
/// One lock per container keeps writes atomic and LSNs gap-free.
/// </summary>
internal sealed class ContainerStore : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, LogicalPartition> partitions = new(StringComparer.Ordinal);
    private readonly SortedSet<StoredItem> byLsn = new(ItemOrder.ByLsn);
    private readonly SortedSet<StoredItem> byRid = new(ItemOrder.ByRid);
    private readonly PriorityQueue<StoredItem, long> expiries = new();
    private readonly IItemJournal journal;
    private readonly uint database;
    private readonly uint collection;
    private readonly string selfPrefix;
    private long lastLsn;
    private ulong lastRid;
    private bool destroyed;

    public ContainerStore(uint database, uint collection, ContainerSettings settings, IItemJournal journal)
    {
        this.database = database;
        this.collection = collection;
        this.journal = journal;
        Settings = settings;
        selfPrefix = $"dbs/{ResourceIds.Database(database)}/colls/{ResourceIds.Collection(database, collection)}/docs/";
        Recover();
    }

    public ContainerSettings Settings { get; private set; }

    public long LastLsn
    {
        get
        {
            lock (gate)
            {
                return lastLsn;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byRid.Count;
            }
        }
    }

    public long TotalBytes
    {
        get
        {
            lock (gate)
            {
                return byRid.Sum(i => (long)i.Body.Length);
            }
        }
    }

    public StoredItem? Read(string partitionKey, string id, long now)
    {
        lock (gate)
        {
            return partitions.TryGetValue(partitionKey, out var partition)
                && partition.ById.TryGetValue(id, out var item)
                && !item.IsExpired(now) ? item : null;
        }
    }

    /// <summary>Runs <paramref name="decide"/> on the current item under the lock and applies what it returns.</summary>
    public ItemWriteResult Write(string partitionKey, string id, long now, Func<StoredItem?, ItemChange> decide)
    {
        lock (gate)
        {
            if (destroyed)
            {
                // The container was deleted while this write was on its way.
                throw Fail.ResourceNotFound(1003);
            }

            partitions.TryGetValue(partitionKey, out var partition);
            StoredItem? current = null;
            if (partition is not null && partition.ById.TryGetValue(id, out var existing) && !existing.IsExpired(now))
            {
                current = existing;
            }

            var change = decide(current);
            if (change.Delete)
            {
                if (current is null)
                {
                    throw Fail.ItemNotFound();
                }

                var lsn = lastLsn + 1;
                journal.Append([new ItemRecord(true, lsn, now, current.RidNumber, partitionKey, id, string.Empty, [])]);
                lastLsn = lsn;
                Remove(partition!, current);
                SnapshotIfDue();
                return new ItemWriteResult(null, current, lsn);
            }

            var body = change.NewBody ?? throw new InvalidOperationException("A write must either put a body or delete.");
            var item = Build(body, partitionKey, id, current?.RidNumber ?? lastRid + 1, lastLsn + 1, now);
            partition ??= Partition(partitionKey);
            CheckUniqueKeys(partition, item, partition.ById.GetValueOrDefault(id));
            journal.Append([ItemRecord.Put(item)]);
            lastLsn = item.Lsn;
            lastRid = Math.Max(lastRid, item.RidNumber);
            if (partition.ById.TryGetValue(id, out var replaced))
            {
                Remove(partition, replaced, dropEmptyPartition: false);
            }

            Add(partition, item);
            SnapshotIfDue();
            return new ItemWriteResult(item, current, item.Lsn);
        }
    }

    /// <summary>
    /// Runs the steps of a transactional batch in order on one logical partition, each seeing the ones before it.
    /// Either all apply — journalled as one record group, so a crash keeps all or none — or none do.
    /// <paramref name="decide"/> returns null for a step that only reads.
    /// </summary>
    public BatchOutcome WriteBatch(string partitionKey, IReadOnlyList<string> ids, long now, Func<int, StoredItem?, ItemChange?> decide)
    {
        lock (gate)
        {
            if (destroyed)
            {
                throw Fail.ResourceNotFound(1003);
            }

            partitions.TryGetValue(partitionKey, out var partition);
            var pending = new Dictionary<string, StoredItem?>(StringComparer.Ordinal);
            var order = new List<string>();
            var steps = new List<ItemWriteResult>();
            var records = new List<ItemRecord>();
            var lsn = lastLsn;
            var rid = lastRid;
            for (var i = 0; i < ids.Count; i++)
            {
                var id = ids[i];
                var current = pending.TryGetValue(id, out var staged) ? staged : Live(partition, id, now);
                ItemChange? change;
                try
                {
                    change = decide(i, current);
                    if (change is { Delete: true } && current is null)
                    {
                        throw Fail.ItemNotFound();
                    }
                }
                catch (CosmosError error)
                {
                    return BatchOutcome.Failed(i, error);
                }

                if (change is null)
                {
                    steps.Add(new ItemWriteResult(current, current, lsn));
                    continue;
                }

                if (!pending.ContainsKey(id))
                {
                    order.Add(id);
                }

                if (change.Value.Delete)
                {
                    lsn++;
                    records.Add(new ItemRecord(true, lsn, now, current!.RidNumber, partitionKey, id, string.Empty, []));
                    pending[id] = null;
                    steps.Add(new ItemWriteResult(null, current, lsn));
                    continue;
                }

                var item = Build(change.Value.NewBody!, partitionKey, id, current?.RidNumber ?? ++rid, ++lsn, now);
                if (UniqueKeyTaken(partition, item, pending))
                {
                    return BatchOutcome.Failed(i, Fail.UniqueKeyViolation());
                }

                records.Add(ItemRecord.Put(item));
                pending[id] = item;
                steps.Add(new ItemWriteResult(item, current, lsn));
            }

            if (records.Count > 0)
            {
                journal.Append(records);
                partition ??= Partition(partitionKey);
                foreach (var id in order)
                {
                    if (partition.ById.TryGetValue(id, out var existing))
                    {
                        Remove(partition, existing, dropEmptyPartition: false);
                    }

                    if (pending[id] is { } item)
                    {
                        Add(partition, item);
                    }
                }

                if (partition.ById.Count == 0)
                {
                    partitions.Remove(partitionKey);
                }

                lastLsn = lsn;
                lastRid = rid;
                SnapshotIfDue();
            }

            return BatchOutcome.Applied(steps);
        }
    }

    /// <summary>Changes at or after <paramref name="fromLsn"/>, in LSN order, for one logical partition or the whole container.</summary>
    public ItemPage ReadChanges(string? partitionKey, long fromLsn, int maxItems, long now)
    {
        lock (gate)
        {
            var next = Math.Max(fromLsn, 1);
            var source = partitionKey is null ? byLsn : partitions.TryGetValue(partitionKey, out var p) ? p.ByLsn : null;
            var items = new List<StoredItem>();
            var hasMore = false;
            if (source is { Count: > 0 } && source.Max!.Lsn >= next)
            {
                foreach (var item in source.GetViewBetween(ItemOrder.Probe(next, 0), source.Max))
                {
                    if (items.Count >= maxItems)
                    {
                        hasMore = true;
                        break;
                    }

                    next = item.Lsn + 1;
                    if (!item.IsExpired(now))
                    {
                        items.Add(item);
                    }
                }
            }

            return new ItemPage(items, next, hasMore);
        }
    }

    /// <summary>The first LSN written at or after <paramref name="timestamp"/> (change feed "start from time").</summary>
    public long FirstLsnAtOrAfter(long timestamp)
    {
        lock (gate)
        {
            foreach (var item in byLsn)
            {
                if (item.Timestamp >= timestamp)
                {
                    return item.Lsn;
                }
            }

            return lastLsn + 1;
        }
    }

    /// <summary>Items created after rid <paramref name="afterRid"/>, in creation order.</summary>
    public ItemPage ReadFeed(string? partitionKey, ulong afterRid, int maxItems, long now)
    {
        lock (gate)
        {
            var source = partitionKey is null ? byRid : partitions.TryGetValue(partitionKey, out var p) ? p.ByRid : null;
            var items = new List<StoredItem>();
            var position = (long)afterRid;
            var hasMore = false;
            if (source is { Count: > 0 } && source.Max!.RidNumber > afterRid)
            {
                foreach (var item in source.GetViewBetween(ItemOrder.Probe(0, afterRid + 1), source.Max))
                {
                    if (items.Count >= maxItems)
                    {
                        hasMore = true;
                        break;
                    }

                    position = (long)item.RidNumber;
                    if (!item.IsExpired(now))
                    {
                        items.Add(item);
                    }
                }
            }

            return new ItemPage(items, position, hasMore);
        }
    }

    /// <summary>Every live item of one logical partition, or of the container when no key is given.</summary>
    public List<StoredItem> Scan(string? partitionKey, long now)
    {
        lock (gate)
        {
            var source = partitionKey is null ? byRid : partitions.TryGetValue(partitionKey, out var p) ? p.ByRid : null;
            return source?.Where(i => !i.IsExpired(now)).ToList() ?? [];
        }
    }

    /// <summary>Deletes items whose time to live has passed; returns how many went.</summary>
    public int PurgeExpired(long now)
    {
        lock (gate)
        {
            var purged = 0;
            while (!destroyed && expiries.TryPeek(out var item, out var at) && at <= now)
            {
                expiries.Dequeue();
                if (!partitions.TryGetValue(item.PartitionKey, out var partition)
                    || !ReferenceEquals(partition.ById.GetValueOrDefault(item.Id), item)
                    || item.ExpiresAt != at)
                {
                    continue;
                }

                var lsn = lastLsn + 1;
                journal.Append([new ItemRecord(true, lsn, now, item.RidNumber, item.PartitionKey, item.Id, string.Empty, [])]);
                lastLsn = lsn;
                Remove(partition, item);
                purged++;
            }

            if (purged > 0)
            {
                SnapshotIfDue();
            }

            return purged;
        }
    }

    /// <summary>Applies changed container properties (a new default TTL re-times every item).</summary>
    public void Reconfigure(ContainerSettings settings)
    {
        lock (gate)
        {
            Settings = settings;
            expiries.Clear();
            foreach (var item in byRid)
            {
                Index(item);
            }
        }
    }

    public void Destroy()
    {
        lock (gate)
        {
            destroyed = true;
            journal.Destroy();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            journal.Dispose();
        }
    }

    private void Recover()
    {
        var recovered = journal.Recover();
        lastLsn = recovered.LastLsn;
        lastRid = recovered.LastRid;
        foreach (var record in recovered.Snapshot.Concat(recovered.Journal))
        {
            var partition = Partition(record.PartitionKey);
            if (partition.ById.TryGetValue(record.Id, out var existing))
            {
                Remove(partition, existing, dropEmptyPartition: record.IsDelete);
            }

            if (!record.IsDelete)
            {
                var item = new StoredItem
                {
                    Id = record.Id,
                    PartitionKey = record.PartitionKey,
                    Body = record.Body,
                    ETag = record.ETag,
                    Lsn = record.Lsn,
                    Timestamp = record.Timestamp,
                    RidNumber = record.RidNumber,
                };
                Index(item);
                Add(partition, item);
            }

            lastLsn = Math.Max(lastLsn, record.Lsn);
            lastRid = Math.Max(lastRid, record.RidNumber);
        }
    }

    private StoredItem Build(byte[] body, string partitionKey, string id, ulong rid, long lsn, long now)
    {
        var ridText = ResourceIds.Document(database, collection, rid);
        var etag = "\"" + Guid.NewGuid().ToString() + "\"";
        var item = new StoredItem
        {
            Id = id,
            PartitionKey = partitionKey,
            Body = SystemProperties.Stamp(body, ridText, selfPrefix + ridText + "/", etag, now, lsn),
            ETag = etag,
            Lsn = lsn,
            Timestamp = now,
            RidNumber = rid,
        };
        Index(item);
        return item;
    }

    /// <summary>Derives expiry and unique key values from the body; only parses it when the container needs either.</summary>
    private void Index(StoredItem item)
    {
        if (Settings.DefaultTtl is null && Settings.UniqueKeyPaths.Length == 0)
        {
            item.ExpiresAt = null;
            item.UniqueKeys = [];
            return;
        }

        using var document = JsonDocument.Parse(item.Body);
        item.ExpiresAt = Settings.ExpiryOf(document.RootElement, item.Timestamp);
        item.UniqueKeys = Settings.UniqueKeysOf(document.RootElement);
        if (item.ExpiresAt is { } at)
        {
            expiries.Enqueue(item, at);
        }
    }

    private void CheckUniqueKeys(LogicalPartition partition, StoredItem item, StoredItem? replacing)
    {
        for (var k = 0; k < item.UniqueKeys.Length; k++)
        {
            if (partition.UniqueValues.Length > k
                && partition.UniqueValues[k].TryGetValue(item.UniqueKeys[k], out var owner)
                && owner != item.Id
                && partition.ById.TryGetValue(owner, out var other)
                && !other.IsExpired(item.Timestamp)
                && !ReferenceEquals(other, replacing))
            {
                throw Fail.UniqueKeyViolation();
            }
        }
    }

    private static StoredItem? Live(LogicalPartition? partition, string id, long now) =>
        partition is not null && partition.ById.TryGetValue(id, out var item) && !item.IsExpired(now) ? item : null;

    /// <summary>Unique keys within a batch: taken by a live item the batch leaves alone, or by another item the batch writes.</summary>
    private static bool UniqueKeyTaken(LogicalPartition? partition, StoredItem item, Dictionary<string, StoredItem?> pending)
    {
        for (var k = 0; k < item.UniqueKeys.Length; k++)
        {
            if (partition is not null
                && partition.UniqueValues.Length > k
                && partition.UniqueValues[k].TryGetValue(item.UniqueKeys[k], out var owner)
                && owner != item.Id
                && !pending.ContainsKey(owner)
                && partition.ById.TryGetValue(owner, out var other)
                && !other.IsExpired(item.Timestamp))
            {
                return true;
            }

            foreach (var (id, staged) in pending)
            {
                if (id != item.Id && staged is not null && staged.UniqueKeys.Length > k && staged.UniqueKeys[k] == item.UniqueKeys[k])
                {
                    return true;
                }
            }
        }

        return false;
    }

    private LogicalPartition Partition(string partitionKey)
    {
        if (!partitions.TryGetValue(partitionKey, out var partition))
        {
            partition = new LogicalPartition
            {
                UniqueValues = [.. Settings.UniqueKeyPaths.Select(_ => new Dictionary<string, string>(StringComparer.Ordinal))],
            };
            partitions[partitionKey] = partition;
        }

        return partition;
    }

    private void Add(LogicalPartition partition, StoredItem item)
    {
        partition.ById[item.Id] = item;
        partition.ByLsn.Add(item);
        partition.ByRid.Add(item);
        byLsn.Add(item);
        byRid.Add(item);
        for (var k = 0; k < item.UniqueKeys.Length && k < partition.UniqueValues.Length; k++)
        {
            partition.UniqueValues[k][item.UniqueKeys[k]] = item.Id;
        }
    }

    private void Remove(LogicalPartition partition, StoredItem item, bool dropEmptyPartition = true)
    {
        partition.ById.Remove(item.Id);
        partition.ByLsn.Remove(item);
        partition.ByRid.Remove(item);
        byLsn.Remove(item);
        byRid.Remove(item);
        for (var k = 0; k < item.UniqueKeys.Length && k < partition.UniqueValues.Length; k++)
        {
            if (partition.UniqueValues[k].TryGetValue(item.UniqueKeys[k], out var owner) && owner == item.Id)
            {
                partition.UniqueValues[k].Remove(item.UniqueKeys[k]);
            }
        }

        if (dropEmptyPartition && partition.ById.Count == 0)
        {
            partitions.Remove(item.PartitionKey);
        }
    }

    private void SnapshotIfDue()
    {
        if (journal.WantsSnapshot)
        {
            journal.WriteSnapshot(byRid, lastLsn, lastRid);
        }
    }
}
