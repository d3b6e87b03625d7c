using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cli.Load;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Broker only: our Event Hubs client and the official JS SDK (@azure/event-hubs, via node) against one emulator in
/// the same run, each on its own hub: 1 KB events in full batches with 4 sends in flight, a drain of every partition,
/// and 200 single-event sends for latency.
/// </summary>
internal static class BrokerBench
{
    private const int Partitions = 4;
    private const int SendsInFlight = 4;

    public static async Task<(BrokerFigures Ours, BrokerFigures? Js, string? JsError)> RunAsync(string repositoryRoot, int events, CancellationToken cancellationToken)
    {
        var options = new EventHubsEmulatorOptions { Port = 0 };
        options.EventHubs.Add(new EventHubDefinition("ours", Partitions));
        options.EventHubs.Add(new EventHubDefinition("js", Partitions));
        await using var emulator = new EventHubsEmulator(options);
        await emulator.StartAsync(cancellationToken).ConfigureAwait(false);

        var ours = await OursAsync(emulator.GetConnectionString("ours"), events, cancellationToken).ConfigureAwait(false);
        var cpuBefore = MachineLoad.ProcessCpuSeconds();
        var script = Path.Combine(repositoryRoot, "tools", "Pipeline.Cli", "Bench", "node", "broker.mjs");
        var node = await RunNodeAsync(repositoryRoot, script, [emulator.GetConnectionString(), "js", events.ToString(CultureInfo.InvariantCulture), Partitions.ToString(CultureInfo.InvariantCulture)], cancellationToken).ConfigureAwait(false);
        var emulatorCpu = MachineLoad.ProcessCpuSeconds() - cpuBefore;
        if (node.ExitCode != 0)
        {
            return (ours, null, $"node exited with {node.ExitCode}: {node.Error.Trim()}");
        }

        using var result = JsonDocument.Parse(node.Output.Trim().Split('\n')[^1]);
        var root = result.RootElement;
        var latency = root.GetProperty("singleSendMs");
        var js = new BrokerFigures(
            "@azure/event-hubs 6.0.4 (node)",
            root.GetProperty("sendEventsPerSecond").GetDouble(),
            root.GetProperty("receiveEventsPerSecond").GetDouble(),
            latency.GetProperty("p50").GetDouble(),
            latency.GetProperty("p95").GetDouble(),
            latency.GetProperty("p99").GetDouble(),
            2.0 * (events + 200) / Math.Max(0.01, emulatorCpu + root.GetProperty("clientCpuSeconds").GetDouble()));
        return (ours, js, null);
    }

    private static async Task<BrokerFigures> OursAsync(string connectionString, int events, CancellationToken cancellationToken)
    {
        var body = new byte[1024];
        Array.Fill(body, (byte)7);
        var cpuBefore = MachineLoad.ProcessCpuSeconds();
        await using var producer = new EventHubProducerClient(connectionString);
        await producer.GetEventHubPropertiesAsync(cancellationToken).ConfigureAwait(false);

        var send = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, SendsInFlight).Select(async _ =>
        {
            while (true)
            {
                int first;
                lock (body)
                {
                    first = next;
                }

                if (first >= events)
                {
                    return;
                }

                using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = (first % Partitions).ToString(CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
                lock (body)
                {
                    while (next < events && batch.TryAdd(new EventData(body)))
                    {
                        next++;
                    }
                }

                await producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        var sendSeconds = send.Elapsed.TotalSeconds;

        var receive = Stopwatch.StartNew();
        var received = await Task.WhenAll(Enumerable.Range(0, Partitions).Select(async p =>
        {
            await using var receiver = new PartitionReceiver(EventHubConsumerClient.DefaultConsumerGroupName, p.ToString(CultureInfo.InvariantCulture), EventPosition.Earliest, connectionString, new PartitionReceiverOptions { PrefetchCount = 2000 });
            var count = 0;
            var expected = (await receiver.GetPartitionPropertiesAsync(cancellationToken).ConfigureAwait(false)).LastEnqueuedSequenceNumber + 1;
            while (count < expected)
            {
                var batch = await receiver.ReceiveBatchAsync(1000, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                var got = batch.Count();
                if (got == 0)
                {
                    break;
                }

                count += got;
            }

            return count;
        })).ConfigureAwait(false);
        var receiveSeconds = receive.Elapsed.TotalSeconds;

        var latency = new LatencyHistogram();
        for (var i = 0; i < 200; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await producer.SendAsync([new EventData(body)], new SendEventOptions { PartitionId = "0" }, cancellationToken).ConfigureAwait(false);
            latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var cpu = MachineLoad.ProcessCpuSeconds() - cpuBefore;
        return new BrokerFigures("Pipeline.EventHubs (ours)", events / sendSeconds, received.Sum() / receiveSeconds, latency.Percentile(50), latency.Percentile(95), latency.Percentile(99), 2.0 * (events + 200) / Math.Max(0.01, cpu));
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunNodeAsync(string workingDirectory, string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (-1, string.Empty, "did not finish within 2 minutes");
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
