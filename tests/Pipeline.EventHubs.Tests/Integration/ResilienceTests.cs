using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;
using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Integration;

public sealed class ResilienceTests : IDisposable
{
    private static readonly EventHubsRetryOptions PatientRetries = new()
    {
        MaximumRetries = 20,
        Delay = TimeSpan.FromMilliseconds(100),
        MaximumDelay = TimeSpan.FromSeconds(1),
        TryTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("eh-client-tests-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task Clients_reconnect_after_the_emulator_restarts_without_losing_or_repeating_events()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: options => options.DataDirectory = _dataDirectory);
        await using var producer = new EventHubProducerClient(emulator.ConnectionString, new EventHubProducerClientOptions { RetryOptions = PatientRetries });
        await using var receiver = new PartitionReceiver(
            "$Default", "1", EventPosition.Earliest, emulator.ConnectionString, new PartitionReceiverOptions { RetryOptions = PatientRetries, PrefetchCount = 10 });
        await producer.SendAsync([.. Enumerable.Range(0, 50).Select(i => new EventData($"before-{i}"))], new SendEventOptions { PartitionId = "1" });
        var before = await Events.ReceiveAsync(receiver, 50);

        await emulator.RestartAsync();
        await producer.SendAsync([.. Enumerable.Range(0, 50).Select(i => new EventData($"after-{i}"))], new SendEventOptions { PartitionId = "1" });
        var after = await Events.ReceiveAsync(receiver, 50);
        var extra = await receiver.ReceiveBatchAsync(10, TimeSpan.FromMilliseconds(300));

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"before-{i}"), before.Select(e => e.EventBody.ToString()));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"after-{i}"), after.Select(e => e.EventBody.ToString()));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), before.Concat(after).Select(e => e.SequenceNumber));
        Assert.Empty(extra);
    }

    [Fact]
    public async Task Throttled_sends_fail_as_transient_server_busy_without_retries()
    {
        await using var emulator = await TestEmulator.StartAsync(configure: options => options.ThroughputUnits = 1);
        var noRetries = new EventHubsRetryOptions { MaximumRetries = 0 };
        await using var producer = new EventHubProducerClient(emulator.ConnectionString, new EventHubProducerClientOptions { RetryOptions = noRetries });

        // 2 400 events at once against one throughput unit (1 000 events/s, one second of burst), however slow the machine.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await producer.SendAsync([.. Enumerable.Range(0, 300).Select(_ => new EventData(new byte[100]))]);
                return null;
            }
            catch (EventHubsException error)
            {
                return error;
            }
        }));

        var busy = outcomes.OfType<EventHubsException>().ToList();
        Assert.NotEmpty(busy);
        Assert.All(busy, error => Assert.Equal(Reason.ServiceBusy, error.Reason));
        Assert.All(busy, error => Assert.True(error.IsTransient));
    }

    [Fact]
    public async Task Throttled_sends_are_retried_with_backoff_until_accepted()
    {
        await using var emulator = await TestEmulator.StartAsync(partitions: 1, configure: options => options.ThroughputUnits = 1);
        var policy = new CountingRetryPolicy(new EventHubsRetryOptions { MaximumRetries = 30, Delay = TimeSpan.FromMilliseconds(100), MaximumDelay = TimeSpan.FromMilliseconds(500) });
        await using var producer = new EventHubProducerClient(emulator.ConnectionString, new EventHubProducerClientOptions { RetryOptions = new EventHubsRetryOptions { CustomRetryPolicy = policy } });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            producer.SendAsync([.. Enumerable.Range(0, 300).Select(_ => new EventData(new byte[100]))])));

        var properties = await producer.GetPartitionPropertiesAsync("0");
        Assert.Equal(2399, properties.LastEnqueuedSequenceNumber);
        Assert.True(policy.Retries > 0, "2 400 events at once should have exceeded one throughput unit at least once.");
        Assert.All(policy.Failures, failure => Assert.Equal(Reason.ServiceBusy, Assert.IsType<EventHubsException>(failure).Reason));
    }

    [Fact]
    public async Task Short_lived_tokens_are_renewed_before_they_expire()
    {
        await using var emulator = await TestEmulator.StartAsync();
        // The emulator closes a link whose token expires unrenewed, so every send and receive below proves the renewal.
        var credential = new FakeTokenCredential(TimeSpan.FromSeconds(5));
        await using var producer = new EventHubProducerClient(emulator.Namespace, TestEmulator.Hub, credential);
        await using var receiver = new PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.Namespace, TestEmulator.Hub, credential);

        // Keep one sender and one receiver link busy across several token lifetimes.
        int sent = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int callsAtStart = -1;
        while (!deadline.IsCancellationRequested)
        {
            await producer.SendAsync([new EventData($"e{sent}")], new SendEventOptions { PartitionId = "0" }, deadline.Token);
            sent++;
            var received = await Events.ReceiveAsync(receiver, 1);
            Assert.Equal($"e{sent - 1}", Assert.Single(received).EventBody.ToString());
            callsAtStart = callsAtStart < 0 ? credential.Calls : callsAtStart;
            if (credential.Calls >= callsAtStart + 4)
            {
                break;
            }

            await Task.Delay(200, deadline.Token);
        }

        Assert.True(credential.Calls >= callsAtStart + 4, $"Expected renewals; the credential was asked {credential.Calls} times.");
        Assert.All(credential.Scopes, scopes => Assert.Equal(["https://eventhubs.azure.net/.default"], scopes));
    }
}
