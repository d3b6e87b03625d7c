using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.Benchmarks.EventHubs;

/// <summary>
/// End-to-end throughput of our Event Hubs client against our emulator on loopback, 1 KB events: the producer sending
/// full batches with a few sends in flight, and a partition receiver draining a pre-filled partition. Each operation is
/// one event, so events/s = 1 s / Mean.
/// </summary>
[Config(typeof(ThroughputConfig))]
public class EventHubsThroughputBenchmarks
{
    private const int EventsPerInvocation = 50_000;
    private const int BodySize = 1024;
    private const int SendsInFlight = 4;
    private const string Hub = "bench";

    private readonly byte[] _body = new byte[BodySize];
    private EventHubsEmulator _emulator = null!;
    private EventHubProducerClient _producer = null!;
    private string _connectionString = null!;

    [GlobalSetup]
    public async Task StartAsync()
    {
        Random.Shared.NextBytes(_body);
        var options = new EventHubsEmulatorOptions();
        options.EventHubs.Add(new EventHubDefinition(Hub, 2));
        _emulator = new EventHubsEmulator(options);
        await _emulator.StartAsync();
        _connectionString = _emulator.GetConnectionString(Hub);
        _producer = new EventHubProducerClient(_connectionString);

        // Partition 1 holds what every Receive invocation reads from the start.
        await SendAsync("1", EventsPerInvocation);
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _producer.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public Task Send() => SendAsync("0", EventsPerInvocation);

    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public async Task Receive()
    {
        await using var receiver = new PartitionReceiver(
            EventHubConsumerClient.DefaultConsumerGroupName, "1", EventPosition.Earliest, _connectionString, new PartitionReceiverOptions { PrefetchCount = 5000 });
        int received = 0;
        while (received < EventsPerInvocation)
        {
            received += (await receiver.ReceiveBatchAsync(1000, TimeSpan.FromSeconds(10))).Count();
        }
    }

    private async Task SendAsync(string partitionId, int count)
    {
        var inFlight = new List<Task>(SendsInFlight);
        int remaining = count;
        while (remaining > 0)
        {
            var batch = await _producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = partitionId });
            while (remaining > 0 && batch.TryAdd(new EventData(_body)))
            {
                remaining--;
            }

            inFlight.Add(SendAndDisposeAsync(batch));
            if (inFlight.Count == SendsInFlight)
            {
                var finished = await Task.WhenAny(inFlight);
                inFlight.Remove(finished);
                await finished;
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendAndDisposeAsync(EventDataBatch batch)
    {
        using (batch)
        {
            await _producer.SendAsync(batch);
        }
    }

    /// <summary>A few whole-second iterations, run in-process: a macro benchmark needs no separate build.</summary>
    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(5)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
