using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.EventHubs.Tests.Integration;

public class LastEnqueuedEventTests
{
    [Fact]
    public async Task Receiver_reports_the_partitions_newest_event_with_deliveries()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([.. Enumerable.Range(0, 5).Select(i => new EventData($"e{i}"))], new SendEventOptions { PartitionId = "0" });
        await using var receiver = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { PrefetchCount = 1 });

        var first = Assert.Single(await Events.ReceiveAsync(receiver, 1));
        var last = receiver.ReadLastEnqueuedEventProperties();
        var partition = await producer.GetPartitionPropertiesAsync("0");

        Assert.Equal(0, first.SequenceNumber);
        Assert.Equal(4, last.SequenceNumber);
        Assert.Equal(partition.LastEnqueuedOffsetString, last.OffsetString);
        Assert.Equal(partition.LastEnqueuedSequenceNumber, last.SequenceNumber);
        Assert.Equal(long.Parse(partition.LastEnqueuedOffsetString, System.Globalization.CultureInfo.InvariantCulture), last.Offset);
        Assert.Equal(partition.LastEnqueuedTime, last.EnqueuedTime);
        Assert.NotNull(last.LastReceivedTime);
        Assert.True(last.LastReceivedTime >= last.EnqueuedTime);
    }

    [Fact]
    public async Task Reported_newest_event_moves_on_when_more_events_arrive()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([new EventData("a")], new SendEventOptions { PartitionId = "1" });
        await using var receiver = new PartitionReceiver("$Default", "1", EventPosition.Earliest, emulator.ConnectionString);
        await Events.ReceiveAsync(receiver, 1);
        var before = receiver.ReadLastEnqueuedEventProperties();

        await producer.SendAsync([new EventData("b"), new EventData("c")], new SendEventOptions { PartitionId = "1" });
        await Events.ReceiveAsync(receiver, 2);
        var after = receiver.ReadLastEnqueuedEventProperties();

        Assert.Equal(0, before.SequenceNumber);
        Assert.Equal(2, after.SequenceNumber);
        Assert.True(after.Offset > before.Offset);
    }

    [Fact]
    public async Task Empty_partition_reports_nothing_until_an_event_arrives()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var receiver = new PartitionReceiver("$Default", "2", EventPosition.Earliest, emulator.ConnectionString);

        var received = await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(300));
        var last = receiver.ReadLastEnqueuedEventProperties();

        Assert.Empty(received);
        Assert.Equal(default, last);
        Assert.Null(last.SequenceNumber);
        Assert.Null(last.Offset);
        Assert.Null(last.EnqueuedTime);
        Assert.Null(last.LastReceivedTime);
    }

    [Fact]
    public async Task Consumer_client_exposes_the_newest_event_on_the_partition_context()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([.. Enumerable.Range(0, 3).Select(i => new EventData($"e{i}"))], new SendEventOptions { PartitionId = "3" });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, emulator.ConnectionString);
        using var deadline = new CancellationTokenSource(Events.Patience);

        LastEnqueuedEventProperties? seen = null;
        await foreach (var e in consumer.ReadEventsFromPartitionAsync("3", EventPosition.Earliest, new ReadEventOptions { TrackLastEnqueuedEventProperties = true }, deadline.Token))
        {
            seen = e.Partition.ReadLastEnqueuedEventProperties();
            break;
        }

        Assert.Equal(2, seen?.SequenceNumber);
        Assert.NotNull(seen?.EnqueuedTime);
    }

    [Fact]
    public async Task Consumer_client_without_tracking_refuses_to_report()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([new EventData("x")], new SendEventOptions { PartitionId = "0" });
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, emulator.ConnectionString);
        using var deadline = new CancellationTokenSource(Events.Patience);

        Exception? refusal = null;
        await foreach (var e in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, deadline.Token))
        {
            refusal = Record.Exception(() => e.Partition.ReadLastEnqueuedEventProperties());
            break;
        }

        Assert.IsType<InvalidOperationException>(refusal);
    }

    [Fact]
    public async Task Reading_last_enqueued_properties_without_tracking_is_refused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var receiver = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { TrackLastEnqueuedEventProperties = false });

        Assert.Throws<InvalidOperationException>(() => receiver.ReadLastEnqueuedEventProperties());
    }
}
