using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;
using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Integration;

public class OwnershipAndErrorTests
{
    private static readonly EventHubsRetryOptions FewRetries = new() { MaximumRetries = 1, Delay = TimeSpan.FromMilliseconds(50), TryTimeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Higher_owner_level_disconnects_the_current_reader_and_lower_ones_are_refused()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([new EventData("x")], new SendEventOptions { PartitionId = "0" });
        await using var first = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 1 });
        Assert.Single(await Events.ReceiveAsync(first, 1));

        await using var second = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 2 });
        Assert.Single(await Events.ReceiveAsync(second, 1));
        var stolen = await Assert.ThrowsAsync<EventHubsException>(() => first.ReceiveBatchAsync(1, TimeSpan.FromSeconds(10)));
        await using var lower = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { OwnerLevel = 1, RetryOptions = FewRetries });
        var refused = await Assert.ThrowsAsync<EventHubsException>(() => lower.ReceiveBatchAsync(1, TimeSpan.FromSeconds(1)));

        Assert.Equal(Reason.ConsumerDisconnected, stolen.Reason);
        Assert.Contains("higher epoch", stolen.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Reason.ConsumerDisconnected, refused.Reason);
        Assert.False(refused.IsTransient);
    }

    [Fact]
    public async Task Unknown_event_hub_is_resource_not_found()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.Emulator.GetConnectionString("no-such-hub"), new EventHubProducerClientOptions { RetryOptions = FewRetries });

        var management = await Assert.ThrowsAsync<EventHubsException>(() => producer.GetEventHubPropertiesAsync());
        var send = await Assert.ThrowsAsync<EventHubsException>(() => producer.SendAsync([new EventData("x")]));

        Assert.Equal(Reason.ResourceNotFound, management.Reason);
        Assert.Contains("no-such-hub", management.Message, StringComparison.Ordinal);
        Assert.Equal(Reason.ResourceNotFound, send.Reason);
    }

    [Fact]
    public async Task Unknown_consumer_group_is_resource_not_found()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var receiver = new PartitionReceiver("nobody", "0", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { RetryOptions = FewRetries });

        var error = await Assert.ThrowsAsync<EventHubsException>(() => receiver.ReceiveBatchAsync(1, TimeSpan.FromSeconds(1)));

        Assert.Equal(Reason.ResourceNotFound, error.Reason);
    }

    [Fact]
    public async Task Wrong_key_is_unauthorized_access()
    {
        await using var emulator = await TestEmulator.StartAsync();
        string wrongKey = emulator.ConnectionString.Replace($"SharedAccessKey={emulator.Options.Key}", "SharedAccessKey=not-the-key", StringComparison.Ordinal);
        await using var producer = new EventHubProducerClient(wrongKey, new EventHubProducerClientOptions { RetryOptions = FewRetries });
        await using var consumer = new EventHubConsumerClient("$Default", wrongKey, new EventHubConsumerClientOptions { RetryOptions = FewRetries });

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => producer.SendAsync([new EventData("x")]));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => consumer.GetEventHubPropertiesAsync());
    }

    [Fact]
    public async Task Closed_clients_refuse_work_and_close_quickly()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var producer = new EventHubProducerClient(emulator.ConnectionString);
        await producer.SendAsync([new EventData("x")]);

        var closing = producer.CloseAsync();
        Assert.True(await Task.WhenAny(closing, Task.Delay(TimeSpan.FromSeconds(10))) == closing, "Close did not complete.");
        var error = await Assert.ThrowsAsync<EventHubsException>(() => producer.SendAsync([new EventData("y")]));

        Assert.Equal(Reason.ClientClosed, error.Reason);
        Assert.True(producer.IsClosed);
    }

    [Fact]
    public async Task Unreachable_namespace_fails_as_a_transient_communication_problem_after_retries()
    {
        var connectionString = $"Endpoint=sb://127.0.0.1:{Pipeline.Testing.FreePort.Next()};SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=hub;UseDevelopmentEmulator=true";
        var counting = new CountingRetryPolicy(new EventHubsRetryOptions { MaximumRetries = 2, Delay = TimeSpan.FromMilliseconds(10) });
        await using var producer = new EventHubProducerClient(connectionString, new EventHubProducerClientOptions { RetryOptions = new EventHubsRetryOptions { CustomRetryPolicy = counting } });

        var error = await Assert.ThrowsAsync<EventHubsException>(() => producer.SendAsync([new EventData("x")]));

        Assert.Equal(Reason.ServiceCommunicationProblem, error.Reason);
        Assert.True(error.IsTransient);
        Assert.Equal(3, counting.Decisions);
    }
}
