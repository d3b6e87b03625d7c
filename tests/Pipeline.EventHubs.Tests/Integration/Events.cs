using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;

namespace Pipeline.EventHubs.Tests.Integration;

/// <summary>Reading helpers for tests: collect a known number of events with a bounded wait.</summary>
internal static class Events
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static async Task<List<EventData>> ReadAsync(
        string connectionString, string partitionId, EventPosition position, int count, string consumerGroup = EventHubConsumerClient.DefaultConsumerGroupName)
    {
        await using var receiver = new PartitionReceiver(consumerGroup, partitionId, position, connectionString);
        return await ReceiveAsync(receiver, count);
    }

    /// <summary>Receives until <paramref name="count"/> events arrived; fails if they do not arrive within <see cref="Patience"/>.</summary>
    public static async Task<List<EventData>> ReceiveAsync(PartitionReceiver receiver, int count)
    {
        var events = new List<EventData>();
        using var deadline = new CancellationTokenSource(Patience);
        while (events.Count < count)
        {
            var batch = await receiver.ReceiveBatchAsync(count - events.Count, TimeSpan.FromSeconds(1), deadline.Token);
            events.AddRange(batch);
        }

        return events;
    }

    /// <summary>Receives what arrives within a short quiet period: proves that nothing more is coming.</summary>
    public static async Task<List<EventData>> DrainAsync(PartitionReceiver receiver, TimeSpan quietPeriod)
    {
        var events = new List<EventData>();
        while (true)
        {
            var batch = (await receiver.ReceiveBatchAsync(1000, quietPeriod)).ToList();
            if (batch.Count == 0)
            {
                return events;
            }

            events.AddRange(batch);
        }
    }
}
