using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Producer;
using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Integration;

public class BatchLimitTests
{
    [Fact]
    public async Task Batch_filled_exactly_to_the_links_limit_is_accepted()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "0" });
        Assert.Equal(emulator.Options.MaxMessageSize, batch.MaximumSizeInBytes);

        FillExactly(batch);
        await producer.SendAsync(batch);

        var properties = await producer.GetPartitionPropertiesAsync("0");
        Assert.Equal(batch.Count - 1, properties.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task Batch_one_byte_over_the_limit_is_refused_by_the_service()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);

        // Bypasses CreateBatchAsync's cap to build what a client with wrong size accounting would send.
        using var batch = new EventDataBatch(emulator.Options.MaxMessageSize + 1L, TestEmulator.Hub, "127.0.0.1", new CreateBatchOptions { PartitionId = "0" });
        FillExactly(batch);
        var error = await Assert.ThrowsAsync<EventHubsException>(() => producer.SendAsync(batch));

        Assert.Equal(Reason.MessageSizeExceeded, error.Reason);
        Assert.False(error.IsTransient);
        Assert.True((await producer.GetPartitionPropertiesAsync("0")).IsEmpty);
    }

    [Fact]
    public async Task Events_that_do_not_fit_one_message_are_refused_before_sending()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);

        var error = await Assert.ThrowsAsync<EventHubsException>(() =>
            producer.SendAsync([new EventData(new byte[emulator.Options.MaxMessageSize])]));

        Assert.Equal(Reason.MessageSizeExceeded, error.Reason);
    }

    [Fact]
    public async Task Smaller_batch_limits_are_honoured_and_larger_ones_refused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);

        using var small = await producer.CreateBatchAsync(new CreateBatchOptions { MaximumSizeInBytes = 1000 });
        while (small.TryAdd(new EventData(new byte[100])))
        {
        }

        Assert.InRange(small.SizeInBytes, 1, 1000);
        await producer.SendAsync(small);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () =>
            await producer.CreateBatchAsync(new CreateBatchOptions { MaximumSizeInBytes = emulator.Options.MaxMessageSize + 1L }));
    }

    /// <summary>Adds 1 KB events, then one event sized so that the batch is exactly at its maximum size.</summary>
    private static void FillExactly(EventDataBatch batch)
    {
        while (batch.MaximumSizeInBytes - batch.SizeInBytes > 4096)
        {
            Assert.True(batch.TryAdd(new EventData(new byte[1024])));
        }

        for (long body = batch.MaximumSizeInBytes - batch.SizeInBytes; body > 0; body--)
        {
            if (batch.TryAdd(new EventData(new byte[body])))
            {
                break;
            }
        }

        Assert.Equal(batch.MaximumSizeInBytes, batch.SizeInBytes);
    }
}
