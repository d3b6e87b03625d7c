using Amqp.Framing;
using System.Collections.Concurrent;
using System.Globalization;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>One event hub: its partitions (each a log) and its consumer groups.</summary>
internal sealed class EventHub : IDisposable
{
    private readonly ConcurrentDictionary<string, ConsumerGroup> consumerGroups = new(StringComparer.OrdinalIgnoreCase);
    private int roundRobin = -1;

    public EventHub(string name, DateTimeOffset createdAt, IReadOnlyList<PartitionLog> partitions)
    {
        Name = name;
        CreatedAt = createdAt;
        Partitions = partitions;
        PartitionIds = [.. Enumerable.Range(0, partitions.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
        AddConsumerGroup(EntityNames.DefaultConsumerGroup, createdAt);
    }

    public string Name { get; }

    public DateTimeOffset CreatedAt { get; }

    public IReadOnlyList<PartitionLog> Partitions { get; }

    public string[] PartitionIds { get; }

    public IEnumerable<ConsumerGroup> ConsumerGroups => consumerGroups.Values.OrderBy(g => g.Name, StringComparer.Ordinal);

    public bool TryGetPartition(string id, out int partition) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out partition) && partition >= 0 && partition < Partitions.Count
        && id == partition.ToString(CultureInfo.InvariantCulture);

    public ConsumerGroup? FindConsumerGroup(string name) => consumerGroups.GetValueOrDefault(name);

    public bool AddConsumerGroup(string name, DateTimeOffset createdAt) =>
        consumerGroups.TryAdd(name, new ConsumerGroup(name, Partitions.Count, createdAt));

    public bool RemoveConsumerGroup(string name)
    {
        if (!consumerGroups.TryRemove(name, out var group))
        {
            return false;
        }

        group.DisconnectAll(Errors.EventHubsErrors.EntityDeleted($"{Name}/ConsumerGroups/{name}"));
        return true;
    }

    /// <summary>The partition for an event sent to the hub itself: by key when there is one, else round robin.</summary>
    public int ChoosePartition(string? partitionKey)
    {
        if (partitionKey is not null)
        {
            return PartitionKeyMapper.ToPartition(partitionKey, Partitions.Count);
        }

        var next = Interlocked.Increment(ref roundRobin) & int.MaxValue;
        return next % Partitions.Count;
    }

    public void DisconnectReceivers(Error error)
    {
        foreach (var group in consumerGroups.Values)
        {
            group.DisconnectAll(error);
        }
    }

    public void Dispose()
    {
        foreach (var partition in Partitions)
        {
            partition.Dispose();
        }
    }
}
