using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.Benchmarks.EventHubs;

/// <summary>
/// Stopwatch measurement of Event Hubs throughput on loopback with 1 KB events, ours and the official JS SDK's side by
/// side against one emulator in one run: emulator cold start, our producer → emulator, emulator → our receiver, then
/// the same workload driven by @azure/event-hubs in node. Reports events/s, CPU per event and our/JS ratios.
/// With --partitions N (2 or more) it then also measures N partitions sent and read in parallel, as a production reader
/// reads every partition at once; the headline figures stay the single-partition ones.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- eventhubs [--events N] [--js-events N] [--rounds R] [--partitions N] [--memory] [--no-js]
/// </summary>
internal static class EventHubsThroughputMeasurement
{
    private const string Hub = "bench";
    private const int BodySize = 1024;
    private const int SendsInFlight = 4;

    private static double lastReceiverCloseMs;

    public static async Task<int> RunAsync(string[] args)
    {
        var events = IntOption(args, "--events", 100_000);

        // The JS SDK is several times slower: fewer events keep the whole run under two minutes, rates stay comparable.
        var jsEvents = IntOption(args, "--js-events", 50_000);
        var rounds = IntOption(args, "--rounds", 3);
        var inMemory = args.Contains("--memory");
        var withJs = !args.Contains("--no-js");
        var partitions = IntOption(args, "--partitions", 1);
        var data = inMemory ? null : Directory.CreateTempSubdirectory("eh-bench-").FullName;
        try
        {
            return await MeasureAsync(events, jsEvents, rounds, partitions, data, withJs).ConfigureAwait(false);
        }
        finally
        {
            if (data is not null)
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<int> MeasureAsync(int events, int jsEvents, int rounds, int partitions, string? data, bool withJs)
    {
        var options = new EventHubsEmulatorOptions { Port = 0, DataDirectory = data };
        options.EventHubs.Add(new EventHubDefinition(Hub, Math.Max(2, partitions)));

        // Cold start: the first emulator in this process, JIT included; then the first AMQP request it serves.
        var clock = Stopwatch.StartNew();
        await using var emulator = new EventHubsEmulator(options);
        await emulator.StartAsync().ConfigureAwait(false);
        var startMs = clock.Elapsed.TotalMilliseconds;
        var connectionString = emulator.GetConnectionString(Hub);
        await using var producer = new EventHubProducerClient(connectionString);
        await producer.GetEventHubPropertiesAsync().ConfigureAwait(false);
        var firstRequestMs = clock.Elapsed.TotalMilliseconds;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Event Hubs emulator ({(data is null ? "in memory" : "segment files")}): started in {startMs:F0} ms, first $management request answered after {firstRequestMs:F0} ms (cold, JIT included)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events} events of {BodySize} B per phase ({jsEvents} for the JS SDK), {rounds} rounds, our client and the emulator in this process"));

        var body = new byte[BodySize];
        Random.Shared.NextBytes(body);
        // Warm-up (not reported): enough sends and reads for tiered JIT to reach optimized code on both sides.
        const int WarmUpEvents = 50_000;
        await SendAsync(producer, "0", body, WarmUpEvents).ConfigureAwait(false);
        await ReceiveAsync(connectionString, "0", 0, WarmUpEvents).ConfigureAwait(false);
        long nextSequence = WarmUpEvents;

        var sends = new List<Rate>();
        var receives = new List<Rate>();
        var jsSends = new List<Rate>();
        var jsReceives = new List<Rate>();
        for (var round = 0; round < rounds; round++)
        {
            sends.Add(await TimeAsync(events, () => SendAsync(producer, "0", body, events)).ConfigureAwait(false));
            receives.Add(await TimeAsync(events, () => ReceiveAsync(connectionString, "0", nextSequence, events)).ConfigureAwait(false));
            nextSequence += events;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ours, round {round + 1}: send {sends[^1]}; receive {receives[^1]}; receiver close {lastReceiverCloseMs:F0} ms"));

            if (withJs)
            {
                var (send, receive) = await RunJsAsync(connectionString, jsEvents).ConfigureAwait(false);
                jsSends.Add(send);
                jsReceives.Add(receive);
                Console.WriteLine($"  JS SDK, round {round + 1}: send {send}; receive {receive}");
            }
        }

        var parallelSends = new List<Rate>();
        var parallelReceives = new List<Rate>();
        for (var round = 0; partitions > 1 && round < rounds; round++)
        {
            var ids = Enumerable.Range(0, partitions).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
            var before = await Task.WhenAll(ids.Select(id => producer.GetPartitionPropertiesAsync(id))).ConfigureAwait(false);
            parallelSends.Add(await TimeAsync(events * partitions, () => Task.WhenAll(ids.Select(id => SendAsync(producer, id, body, events)))).ConfigureAwait(false));
            parallelReceives.Add(await TimeAsync(events * partitions, () => Task.WhenAll(
                ids.Select((id, i) => ReceiveAsync(connectionString, id, before[i].LastEnqueuedSequenceNumber + 1, events)))).ConfigureAwait(false));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ours, {partitions} partitions in parallel, round {round + 1}: send {parallelSends[^1]}; receive {parallelReceives[^1]}"));
        }

        var closing = Stopwatch.StartNew();
        await producer.CloseAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Producer close: {closing.Elapsed.TotalMilliseconds:F0} ms"));

        Console.WriteLine();
        Console.WriteLine("| direction | ours (median events/s) | ours CPU µs/event | JS SDK (median events/s) | JS CPU µs/event (node + emulator) | ours / JS |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("producer → emulator", sends, jsSends);
        Row("emulator → receiver", receives, jsReceives);
        if (partitions > 1)
        {
            Row($"producer → emulator, {partitions} partitions in parallel", parallelSends, []);
            Row($"emulator → receivers, {partitions} partitions in parallel", parallelReceives, []);
        }

        return 0;
    }

    private static void Row(string name, List<Rate> ours, List<Rate> js)
    {
        var o = Median(ours);
        if (js.Count == 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {o.EventsPerSecond:N0} | {o.CpuMicrosPerEvent:F1} | – | – | – |"));
            return;
        }

        var j = Median(js);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {o.EventsPerSecond:N0} | {o.CpuMicrosPerEvent:F1} | {j.EventsPerSecond:N0} | {j.CpuMicrosPerEvent:F1} | {o.EventsPerSecond / j.EventsPerSecond:F2}× |"));
    }

    private static Rate Median(List<Rate> rates) => rates.OrderBy(r => r.EventsPerSecond).ElementAt(rates.Count / 2);

    private static async Task<Rate> TimeAsync(int events, Func<Task> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await run().ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Rate(events, seconds, cpuSeconds);
    }

    private static async Task SendAsync(EventHubProducerClient producer, string partitionId, byte[] body, int count)
    {
        var inFlight = new List<Task>(SendsInFlight);
        var remaining = count;
        while (remaining > 0)
        {
            var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = partitionId }).ConfigureAwait(false);
            while (remaining > 0 && batch.TryAdd(new EventData(body)))
            {
                remaining--;
            }

            inFlight.Add(SendAndDisposeAsync(producer, batch));
            if (inFlight.Count == SendsInFlight)
            {
                var finished = await Task.WhenAny(inFlight).ConfigureAwait(false);
                inFlight.Remove(finished);
                await finished.ConfigureAwait(false);
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    private static async Task SendAndDisposeAsync(EventHubProducerClient producer, EventDataBatch batch)
    {
        using (batch)
        {
            await producer.SendAsync(batch).ConfigureAwait(false);
        }
    }

    private static async Task ReceiveAsync(string connectionString, string partitionId, long fromSequenceNumber, int count)
    {
        var receiver = new PartitionReceiver(
            EventHubConsumerClient.DefaultConsumerGroupName,
            partitionId,
            EventPosition.FromSequenceNumber(fromSequenceNumber),
            connectionString,
            // The JS SDK does not ask for last-enqueued tracking unless told to: the same workload on both sides.
            new PartitionReceiverOptions { PrefetchCount = 2000, TrackLastEnqueuedEventProperties = false });
        var received = 0;
        while (received < count)
        {
            received += (await receiver.ReceiveBatchAsync(1000, TimeSpan.FromSeconds(10)).ConfigureAwait(false)).Count();
        }

        var closing = Stopwatch.StartNew();
        await receiver.DisposeAsync().ConfigureAwait(false);
        lastReceiverCloseMs = closing.Elapsed.TotalMilliseconds;
    }

    /// <summary>Runs the JS SDK half (js-throughput.mjs); its rates are charged node's CPU plus this process's (the emulator's).</summary>
    private static async Task<(Rate Send, Rate Receive)> RunJsAsync(string connectionString, int events)
    {
        var root = FindRoot();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(Path.Combine(root, "tools", "Pipeline.Benchmarks", "EventHubs", "js-throughput.mjs"));
        start.Environment["EH_CONNECTION_STRING"] = connectionString;
        start.Environment["EH_HUB"] = Hub;
        start.Environment["EH_PARTITION"] = "1";
        start.Environment["EH_EVENTS"] = events.ToString(CultureInfo.InvariantCulture);
        start.Environment["EH_IN_FLIGHT"] = SendsInFlight.ToString(CultureInfo.InvariantCulture);
        start.Environment["EH_BODY_BYTES"] = BodySize.ToString(CultureInfo.InvariantCulture);

        var emulatorCpu = Process.GetCurrentProcess().TotalProcessorTime;
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stderr = node.StandardError.ReadToEndAsync();
        var stdout = await node.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await node.WaitForExitAsync().ConfigureAwait(false);
        var emulatorCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - emulatorCpu).TotalSeconds;

        var lines = stdout.Trim().Split('\n');
        using var json = JsonDocument.Parse(lines[^1]);
        var r = json.RootElement;
        if (node.ExitCode != 0 || r.TryGetProperty("error", out _))
        {
            throw new InvalidOperationException($"The JS SDK run failed: {stdout}\n{await stderr.ConfigureAwait(false)}");
        }

        var sendSeconds = r.GetProperty("sendSeconds").GetDouble();
        var receiveSeconds = r.GetProperty("receiveSeconds").GetDouble();

        // The emulator's CPU during the node run, split between the phases by their wall time.
        var sendShare = sendSeconds / (sendSeconds + receiveSeconds);
        return (
            new Rate(events, sendSeconds, r.GetProperty("sendCpuSeconds").GetDouble() + (emulatorCpuSeconds * sendShare)),
            new Rate(events, receiveSeconds, r.GetProperty("receiveCpuSeconds").GetDouble() + (emulatorCpuSeconds * (1 - sendShare))));
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string FindRoot()
    {
        // The working directory first, so that a copied build (an old version kept for a before/after run) still works.
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }

    private readonly record struct Rate(int Events, double Seconds, double CpuSeconds)
    {
        public double EventsPerSecond => Events / Seconds;

        public double CpuMicrosPerEvent => CpuSeconds * 1e6 / Events;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{EventsPerSecond:N0} events/s ({Seconds:F2} s, {CpuMicrosPerEvent:F1} µs CPU/event)");
    }
}
