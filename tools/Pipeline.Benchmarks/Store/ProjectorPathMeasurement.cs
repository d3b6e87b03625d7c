using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Benchmarks.Cosmos;
using Pipeline.Core.Events;
using Pipeline.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Benchmarks.Store;

/// <summary>
/// The projector's write path alone, with its CPU split by process: Event Hubs batches (1 000 by default) of one-kilobyte
/// media-streaming events over Zipf-popular streams (as `pipeline bench` draws them), each parsed from the trigger's
/// string body, grouped by stream and appended per stream through the event store (32 streams at a time, as the
/// function app's Projector does) to the Cosmos DB emulator running in a process of its own. Reports events/s, CPU µs
/// per event in this process and in the emulator, RU and document writes per event, and the projector's allocations and GCs.
/// With `--bulk` each append's first request goes through a second client with bulk execution
/// (<see cref="CosmosStoreOptions.BulkExecution"/>), as in the function app; `--bulk-all` sends every request through it;
/// `--compare-bulk` runs point requests and then `--bulk`, each against a fresh emulator. `--concurrency` sets the streams appended at a time
/// (default 32 over point requests, 256 over bulk execution, as the function app's Projector).
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- projector [--events 80000] [--streams 1000] [--partitions 4] [--batch-size 1000] [--max-tip-events 100] [--no-compress] [--bulk | --bulk-all | --compare-bulk] [--concurrency N]
/// </summary>
internal static class ProjectorPathMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            return await EmulatorProcess.ServeAsync().ConfigureAwait(false);
        }

        var events = Argument(args, "--events", 80_000);
        var streams = Argument(args, "--streams", 1000);
        var partitions = Argument(args, "--partitions", 4);
        var batchSize = Argument(args, "--batch-size", 1000);
        var batches = Draw(events, streams, partitions, batchSize);
        Console.WriteLine(Invariant($"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Trim()}; {events:N0} events of ~1 KB over {streams:N0} Zipf streams, {partitions} partitions, batches of {batchSize}"));

        // As the function app's Projector: 32 streams at a time over point requests, 256 over bulk execution.
        if (args.Contains("--compare-bulk"))
        {
            await MeasureAsync(args, batches, bulk: false, Argument(args, "--concurrency", 32)).ConfigureAwait(false);
            await MeasureAsync(args, batches, bulk: true, Argument(args, "--concurrency", 256)).ConfigureAwait(false);
        }
        else
        {
            var bulk = args.Contains("--bulk") || args.Contains("--bulk-all");
            await MeasureAsync(args, batches, bulk, Argument(args, "--concurrency", bulk ? 256 : 32)).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task MeasureAsync(string[] args, List<Batch> batches, bool bulk, int concurrency)
    {
        await using var emulator = await EmulatorProcess.StartAsync("projector", CancellationToken.None).ConfigureAwait(false);
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = emulator.Endpoint,
            AccountKey = EmulatorProcess.AccountKey,
            UseGatewayMode = true,
            DatabaseName = "bench",
            MaxTipEvents = Argument(args, "--max-tip-events", new CosmosStoreOptions().MaxTipEvents),
            CompressEvents = !args.Contains("--no-compress"),
        };
        // `--bulk-all` puts the whole store on the bulk client, to show what sending every request through it costs in latency.
        var everything = args.Contains("--bulk-all");
        var mode = !bulk ? "point requests" : everything ? "bulk execution for every request" : "bulk execution for each append's first request";
        Console.WriteLine(Invariant($"-- {mode}, {concurrency} streams at a time per partition"));
        using var client = CosmosClientFactory.Create(options);
        using var bulkClient = bulk ? CosmosClientFactory.Create(options.WithBulkExecution()) : null;
        await StoreProvisioner.EnsureCreatedAsync(client, options).ConfigureAwait(false);
        var store = !bulk ? new CosmosEventStore(client, options)
            : everything ? new CosmosEventStore(bulkClient!, options)
            : new CosmosEventStore(client, options, bulkClient);

        // Warm-up, not counted: the first quarter of each partition's batches (JIT and tiering, connections, first tips).
        var byPartition = batches.GroupBy(b => b.Partition).ToList();
        await Task.WhenAll(byPartition.Select(async partition =>
        {
            foreach (var batch in partition.Take((partition.Count() + 3) / 4))
            {
                await ProjectAsync(store, batch, concurrency, CancellationToken.None).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        var measured = byPartition.SelectMany(p => p.Skip((p.Count() + 3) / 4)).ToList();

        using var operations = new OperationTally();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emulatorCpu = emulator.Cpu;
        var heap = HeapActivity.Now();
        var clock = Stopwatch.StartNew();
        var total = new Tally();
        // One task per partition, batches of a partition in order: what the Functions host does.
        await Task.WhenAll(measured.GroupBy(b => b.Partition).Select(async partition =>
        {
            foreach (var batch in partition)
            {
                total.Add(await ProjectAsync(store, batch, concurrency, CancellationToken.None).ConfigureAwait(false));
            }
        })).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var heapUsed = HeapActivity.Now() - heap;
        var clientMicros = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalMicroseconds / total.Events;
        var emulatorMicros = (emulator.Cpu - emulatorCpu).TotalMicroseconds / total.Events;
        Console.WriteLine(Invariant($"{total.Events:N0} events in {seconds:F1} s: {total.Events / seconds:N0} events/s"));
        Console.WriteLine(Invariant($"CPU per event: projector {clientMicros:F0} µs + Cosmos emulator {emulatorMicros:F0} µs = {clientMicros + emulatorMicros:F0} µs ({1e6 / (clientMicros + emulatorMicros):N0} events per CPU-second)"));
        Console.WriteLine(Invariant($"{total.Charge / total.Events:F2} RU/event, {(double)total.Writes / total.Events:F3} writes/event, {total.Appended:N0} appended, {total.Duplicates:N0} duplicates"));
        Console.WriteLine("Cosmos DB operations per 1 000 events: " + operations.Describe(total.Events));
        Console.WriteLine(Invariant($"projector heap: {heapUsed.AllocatedBytes / 1024.0 / total.Events:F1} KB allocated/event, GCs gen0/1/2 {heapUsed.Gen0}/{heapUsed.Gen1}/{heapUsed.Gen2}, pauses {heapUsed.Pause.TotalMilliseconds / seconds / 10:F1} % of wall clock"));
        await HistoryReadsAsync(store, emulator).ConfigureAwait(false);
        Console.WriteLine(Invariant($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}"));
    }

    /// <summary>Reads the hottest stream's whole history (batches by query, then the tip) a few times: RU, requests and CPU per read.</summary>
    private static async Task HistoryReadsAsync(CosmosEventStore store, EmulatorProcess emulator)
    {
        const string hottest = "projector-bench-00000";
        const int reads = 20;
        var first = await store.ReadEventsAsync(hottest, 1, 100_000).ConfigureAwait(false);
        using var operations = new OperationTally();
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emulatorCpu = emulator.Cpu;
        var clock = Stopwatch.StartNew();
        double charge = 0;
        for (var k = 0; k < reads; k++)
        {
            var page = await store.ReadEventsAsync(hottest, 1, 100_000).ConfigureAwait(false);
            if (page.Events.Count != first.Events.Count || page.Events.Select(e => e.Version).Where((v, i) => v != i + 1).Any())
            {
                throw new InvalidOperationException("A history read returned events out of order or missing.");
            }

            charge += page.RequestCharge;
        }

        var perRead = clock.Elapsed.TotalMilliseconds / reads;
        var cpu = ((Process.GetCurrentProcess().TotalProcessorTime - clientCpu) + (emulator.Cpu - emulatorCpu)).TotalMilliseconds / reads;
        Console.WriteLine(Invariant($"history read of {hottest} ({first.Events.Count:N0} events): {perRead:F1} ms, {cpu:F1} ms CPU (projector + emulator), {charge / reads:F1} RU per read; requests per 1 000 reads: {operations.Describe(reads)}"));
    }

    private static async Task<(int Events, int Appended, int Duplicates, int Writes, double Charge)> ProjectAsync(CosmosEventStore store, Batch batch, int concurrency, CancellationToken cancellationToken)
    {
        // As the Projector: parse each trigger body, group by subject in partition order, one append per stream.
        var groups = new Dictionary<string, List<EventToAppend>>(StringComparer.Ordinal);
        foreach (var (body, sequence) in batch.Bodies)
        {
            var envelope = CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(body));
            if (!groups.TryGetValue(envelope.Subject, out var list))
            {
                list = [];
                groups.Add(envelope.Subject, list);
            }

            list.Add(new EventToAppend(envelope, new EventHubsPosition(batch.Partition, sequence)));
        }

        int appended = 0, duplicates = 0, writes = 0;
        double charge = 0;
        var gate = new object();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var result = await store.AppendAsync(group.Key, ExpectedVersion.Any, group.Value, ct).ConfigureAwait(false);
            lock (gate)
            {
                appended += result.AppendedCount;
                duplicates += result.Duplicates.Count;
                writes += result.DocumentWrites;
                charge += result.RequestCharge;
            }
        }).ConfigureAwait(false);
        return (batch.Bodies.Count, appended, duplicates, writes, charge);
    }

    /// <summary>The events of every partition cut into batches, partition by partition; stream rank r goes to partition r mod n.</summary>
    private static List<Batch> Draw(int events, int streams, int partitions, int batchSize)
    {
        var random = new Random(3);
        var popularity = Zipf(streams);
        var sequences = new long[streams];
        var byPartition = Enumerable.Range(0, partitions).Select(_ => new List<(string Body, long Sequence)>()).ToArray();
        var buffer = new ArrayBufferWriter<byte>(1200);
        for (var i = 0; i < events; i++)
        {
            var rank = Array.BinarySearch(popularity, random.NextDouble());
            rank = Math.Min(rank >= 0 ? rank : ~rank, streams - 1);
            var partition = byPartition[rank % partitions];
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteEvent(writer, $"projector-bench-{rank:D5}", ++sequences[rank], random);
            }

            partition.Add((Encoding.UTF8.GetString(buffer.WrittenSpan), partition.Count));
        }

        return byPartition
            .SelectMany((list, p) => list.Chunk(batchSize).Select(chunk => new Batch(p.ToString(CultureInfo.InvariantCulture), chunk)))
            .ToList();
    }

    private static double[] Zipf(int count)
    {
        var cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }

        for (var rank = 0; rank < count; rank++)
        {
            cumulative[rank] /= sum;
        }

        return cumulative;
    }

    /// <summary>A playback CloudEvent padded to about 1 KB, shaped like the load generator's.</summary>
    private static void WriteEvent(Utf8JsonWriter writer, string stream, long sequence, Random random)
    {
        var type = sequence == 1 ? "com.example.playback.started" : "com.example.playback.heartbeat";
        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", $"{stream}-{sequence}");
        writer.WriteString("source", "/load/player");
        writer.WriteString("type", type);
        writer.WriteString("subject", stream);
        writer.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("datacontenttype", "application/json");
        writer.WriteStartObject("data");
        writer.WriteString("run", "bench");
        writer.WriteNumber("seq", sequence);
        writer.WriteNumber("seconds", 10 + random.Next(50));
        writer.WriteString("pad", new string('x', 1024 - 330));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    /// <summary>What the projector's process has allocated and collected so far (the measurement's window is a difference of two).</summary>
    private readonly record struct HeapActivity(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static HeapActivity Now() => new(GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public static HeapActivity operator -(HeapActivity after, HeapActivity before) => new(
            after.AllocatedBytes - before.AllocatedBytes, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2, after.Pause - before.Pause);
    }

    private sealed record Batch(string Partition, IReadOnlyList<(string Body, long Sequence)> Bodies);

    /// <summary>Counts the store's Cosmos DB requests by operation, from its request-charge histogram.</summary>
    private sealed class OperationTally : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Dictionary<string, (long Count, double Charge)> byOperation = new(StringComparer.Ordinal);

        public OperationTally()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreMetrics.MeterName && instrument.Name == StoreMetrics.RequestChargeInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, charge, tags, _) =>
            {
                var operation = "?";
                foreach (var tag in tags)
                {
                    if (tag.Key == "operation")
                    {
                        operation = tag.Value as string ?? "?";
                    }
                }

                lock (byOperation)
                {
                    var (count, total) = byOperation.GetValueOrDefault(operation);
                    byOperation[operation] = (count + 1, total + charge);
                }
            });
            listener.Start();
        }

        public string Describe(long events)
        {
            lock (byOperation)
            {
                return string.Join(", ", byOperation.OrderByDescending(o => o.Value.Count).Select(o =>
                    Invariant($"{o.Key} {o.Value.Count * 1000.0 / events:F1} ({o.Value.Charge / o.Value.Count:F1} RU each)")));
            }
        }

        public void Dispose() => listener.Dispose();
    }

    private sealed class Tally
    {
        public long Events { get; private set; }

        public long Appended { get; private set; }

        public long Duplicates { get; private set; }

        public long Writes { get; private set; }

        public double Charge { get; private set; }

        public void Add((int Events, int Appended, int Duplicates, int Writes, double Charge) batch)
        {
            lock (this)
            {
                Events += batch.Events;
                Appended += batch.Appended;
                Duplicates += batch.Duplicates;
                Writes += batch.Writes;
                Charge += batch.Charge;
            }
        }
    }
}
