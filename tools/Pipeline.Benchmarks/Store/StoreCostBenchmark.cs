using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Pipeline.Core.Events;
using Pipeline.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Cosmos.Streams;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Store;

/// <summary>
/// Counts what the event store costs against a naive writer that upserts one document per event, on the same emulator
/// instance in the same run: writes per event and RU per event (summed response charges) for a spread workload (many
/// streams, 1–3 events per batch) and a hot workload (few streams, 100 events per batch). Counting, not timing.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- store [--streams 10000] [--rounds 2] [--hot-batches 20]
/// </summary>
internal static class StoreCostBenchmark
{
    private const int Concurrency = 16;

    public static async Task<int> RunAsync(string[] args)
    {
        var streams = Argument(args, "--streams", 10_000);
        var rounds = Argument(args, "--rounds", 2);
        var hotBatches = Argument(args, "--hot-batches", 20);
        var clock = Stopwatch.StartNew();

        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = false });
        await emulator.StartAsync();
        var options = new CosmosStoreOptions { AccountEndpoint = emulator.Endpoint, AccountKey = emulator.AccountKey, UseGatewayMode = true, DatabaseName = "bench" };
        using var client = CosmosClientFactory.Create(options);
        await StoreProvisioner.EnsureCreatedAsync(client, options);
        // The naive writer gets what a naive writer has: default indexing, one document per event.
        var naiveContainer = (await client.GetDatabase("bench").CreateContainerAsync("naive", "/streamId")).Container;
        var store = new CosmosEventStore(client, options);
        var naive = new NaiveWriter(naiveContainer);
        var random = new Random(42);

        // Spread: many streams, each Event Hubs batch carries 1–3 events for a stream.
        var spread = Enumerable.Range(0, rounds)
            .SelectMany(round => Enumerable.Range(0, streams).Select(s => (Stream: $"device-{s}", Round: round, Count: random.Next(1, 4))))
            .ToList();
        var spreadStore = new Tally();
        var spreadNaive = new Tally();
        foreach (var round in spread.GroupBy(b => b.Round))
        {
            await Parallel.ForEachAsync(round, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (batch, ct) =>
            {
                var events = Events(batch.Stream, batch.Round * 10, batch.Count);
                var result = await store.AppendAsync(batch.Stream, ExpectedVersion.Any, events, ct);
                spreadStore.Add(events.Count, result.DocumentWrites, result.RequestCharge);
                spreadNaive.Add(events.Count, events.Count, await naive.WriteAsync(batch.Stream, events, ct));
            });
        }

        // Hot: 10 streams, each Event Hubs batch carries 100 events for a stream.
        var hotStore = new Tally();
        var hotNaive = new Tally();
        await Parallel.ForEachAsync(Enumerable.Range(0, 10), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (s, ct) =>
        {
            for (var b = 0; b < hotBatches; b++)
            {
                var events = Events($"hot-{s}", b * 100, 100);
                var result = await store.AppendAsync($"hot-{s}", ExpectedVersion.Any, events, ct);
                hotStore.Add(events.Count, result.DocumentWrites, result.RequestCharge);
                hotNaive.Add(events.Count, events.Count, await naive.WriteAsync($"hot-{s}", events, ct));
            }
        });

        var averageBytes = Events("sample", 0, 100).Average(e => e.Event.Utf8.Length);
        Console.WriteLine($"Event store vs naive writer (one upsert per event), same emulator, {clock.Elapsed.TotalSeconds:F0} s, events ≈ {averageBytes:F0} bytes of CloudEvent JSON");
        Console.WriteLine();
        Console.WriteLine("| workload | writer | events | writes | writes/event | RU | RU/event |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        Row($"spread: {streams} streams × {rounds} batches of 1–3", "event store", spreadStore);
        Row(string.Empty, "naive", spreadNaive);
        Row($"hot: 10 streams × {hotBatches} batches of 100", "event store", hotStore);
        Row(string.Empty, "naive", hotNaive);
        Console.WriteLine();
        Console.WriteLine(Invariant($"RU per event, naive ÷ store: spread {spreadNaive.RuPerEvent / spreadStore.RuPerEvent:F1}×, hot {hotNaive.RuPerEvent / hotStore.RuPerEvent:F1}×"));
        return 0;
    }

    private static List<EventToAppend> Events(string stream, int first, int count) => Enumerable.Range(first, count).Select(k =>
    {
        var json = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "/sites/berlin/thermostats",
            ["type"] = "com.example.thermostat.reading.recorded",
            ["subject"] = stream,
            ["time"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = new JsonObject
            {
                ["deviceId"] = stream,
                ["sequence"] = k,
                ["temperatureC"] = Math.Round(18 + (Random.Shared.NextDouble() * 6), 2),
                ["humidity"] = Math.Round(35 + (Random.Shared.NextDouble() * 20), 1),
                ["batteryPercent"] = 100 - (k % 100),
                ["firmware"] = "4.2.1",
            },
        };
        return new EventToAppend(CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(json.ToJsonString())), new EventHubsPosition("0", k));
    }).ToList();

    private static void Row(string workload, string writer, Tally tally) => Console.WriteLine(Invariant(
        $"| {workload} | {writer} | {tally.Events} | {tally.Writes} | {(double)tally.Writes / tally.Events:F3} | {tally.RequestUnits:F0} | {tally.RuPerEvent:F2} |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static int Argument(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private sealed class Tally
    {
        private long events;
        private long writes;
        private double requestUnits;

        public long Events => Interlocked.Read(ref events);

        public long Writes => Interlocked.Read(ref writes);

        public double RequestUnits
        {
            get
            {
                lock (this)
                {
                    return requestUnits;
                }
            }
        }

        public double RuPerEvent => RequestUnits / Events;

        public void Add(int eventCount, int writeCount, double charge)
        {
            Interlocked.Add(ref events, eventCount);
            Interlocked.Add(ref writes, writeCount);
            lock (this)
            {
                requestUnits += charge;
            }
        }
    }

    /// <summary>The baseline: every event upserted as its own document (the CloudEvent plus the stream id).</summary>
    private sealed class NaiveWriter(Container container)
    {
        public async Task<double> WriteAsync(string stream, IReadOnlyList<EventToAppend> events, CancellationToken cancellationToken)
        {
            var charge = 0.0;
            foreach (var item in events)
            {
                var document = JsonNode.Parse(item.Event.Utf8.Span)!.AsObject();
                document["streamId"] = stream;
                using var response = await container.UpsertItemStreamAsync(
                    new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())),
                    new PartitionKey(stream),
                    new ItemRequestOptions { EnableContentResponseOnWrite = false },
                    cancellationToken);
                if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
                {
                    throw new InvalidOperationException($"Naive upsert failed: {(int)response.StatusCode} {response.ErrorMessage}");
                }

                charge += response.Headers.RequestCharge;
            }

            return charge;
        }
    }
}
