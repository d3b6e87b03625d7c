using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.EventHubs.Tests.Integration;

public class EventPositionTests : IAsyncLifetime
{
    private TestEmulator _emulator = null!;
    private List<EventData> _all = null!;

    public async Task InitializeAsync()
    {
        _emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(_emulator.ConnectionString);
        for (int i = 0; i < 10; i++)
        {
            // Separate sends so enqueued times can differ.
            await producer.SendAsync([new EventData($"e{i}")], new SendEventOptions { PartitionId = "0" });
        }

        _all = await Events.ReadAsync(_emulator.ConnectionString, "0", EventPosition.Earliest, 10);
    }

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public void Earliest_reads_from_the_first_event()
    {
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"e{i}"), _all.Select(e => e.EventBody.ToString()));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), _all.Select(e => e.SequenceNumber));
    }

    [Theory]
    [InlineData(4, true, 4)]
    [InlineData(4, false, 5)]
    public async Task Sequence_number_positions_start_at_or_after_the_number(long sequenceNumber, bool inclusive, long expectedFirst)
    {
        var events = await Events.ReadAsync(_emulator.ConnectionString, "0", EventPosition.FromSequenceNumber(sequenceNumber, inclusive), (int)(10 - expectedFirst));

        Assert.Equal(expectedFirst, events[0].SequenceNumber);
        Assert.Equal(9, events[^1].SequenceNumber);
    }

    [Theory]
    [InlineData(true, 3)]
    [InlineData(false, 4)]
    public async Task Offset_positions_start_at_or_after_the_offset(bool inclusive, long expectedFirst)
    {
        var position = EventPosition.FromOffset(_all[3].OffsetString, inclusive);

        var events = await Events.ReadAsync(_emulator.ConnectionString, "0", position, (int)(10 - expectedFirst));

        Assert.Equal(expectedFirst, events[0].SequenceNumber);
    }

    [Fact]
    public async Task Enqueued_time_position_starts_after_the_time()
    {
        var time = _all[5].EnqueuedTime;
        int expected = _all.Count(e => e.EnqueuedTime > time);
        await using var receiver = new PartitionReceiver("$Default", "0", EventPosition.FromEnqueuedTime(time), _emulator.ConnectionString);

        var events = await Events.DrainAsync(receiver, TimeSpan.FromMilliseconds(500));

        Assert.Equal(expected, events.Count);
        Assert.All(events, e => Assert.True(e.EnqueuedTime > time));
    }

    [Fact]
    public async Task Latest_reads_only_events_sent_after_the_reader_attached()
    {
        await using var receiver = new PartitionReceiver("$Default", "0", EventPosition.Latest, _emulator.ConnectionString);
        Assert.Empty(await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(200)));
        await using var producer = new EventHubProducerClient(_emulator.ConnectionString);

        await producer.SendAsync([new EventData("late")], new SendEventOptions { PartitionId = "0" });
        var events = await Events.ReceiveAsync(receiver, 1);

        Assert.Equal("late", Assert.Single(events).EventBody.ToString());
        Assert.Equal(10, events[0].SequenceNumber);
    }
}
