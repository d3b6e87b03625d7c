using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// The event store's write pattern against the Cosmos DB emulator in its own process: conditional replaces (If-Match)
/// of ~20 KB "tip" documents that are mostly one base64 string, and creates of ~20 KB "batch" documents, through the
/// .NET SDK stream API with EnableContentResponseOnWrite = false, in a container that indexes only /i/? and /n/?.
/// Reports CPU per write of the emulator process and of the client, so changes to the emulator's write path can be
/// judged by CPU rather than by rates on a shared machine.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- cosmos-writes [--seconds 5] [--kb 20]
/// </summary>
internal static class CosmosWriteCostBenchmark
{
    private const int Concurrency = 16;
    private const int Tips = 1_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            return await EmulatorProcess.ServeAsync().ConfigureAwait(false);
        }

        var seconds = Argument(args, "--seconds", 5);
        var kilobytes = Argument(args, "--kb", 20);
        var payload = Convert.ToBase64String(RandomBytes(kilobytes * 1024 * 3 / 4));
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; {kilobytes} KB documents, {Concurrency} concurrent tasks, {seconds} s per figure after 3 s warm-up");

        await using var emulator = await EmulatorProcess.StartAsync("cosmos-writes", CancellationToken.None).ConfigureAwait(false);
        using var client = new CosmosClient(emulator.Endpoint.ToString(), EmulatorProcess.AccountKey, new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
            GatewayModeMaxConnectionLimit = Concurrency,
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = true, DisableSendingMetricsToService = true },
        });
        var database = (await client.CreateDatabaseAsync("bench").ConfigureAwait(false)).Database;
        var properties = new ContainerProperties("streams", "/pk");
        properties.IndexingPolicy.IncludedPaths.Clear();
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/i/?" });
        properties.IndexingPolicy.IncludedPaths.Add(new IncludedPath { Path = "/n/?" });
        properties.IndexingPolicy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        var container = (await database.CreateContainerAsync(properties).ConfigureAwait(false)).Container;

        var etags = new string[Tips];
        var versions = new long[Tips];
        for (var t = 0; t < Tips; t++)
        {
            using var body = Document("tip-" + t, t, 0, payload);
            using var created = await container.CreateItemStreamAsync(body, new PartitionKey(Partition(t))).ConfigureAwait(false);
            etags[t] = created.StatusCode == HttpStatusCode.Created ? created.Headers.ETag : throw new InvalidOperationException($"seed {t}: {created.StatusCode}");
        }

        // Each task owns the tips t ≡ task (mod Concurrency), so every If-Match carries the current etag.
        var cursors = new int[Concurrency];
        Func<int, Task<bool>> replace = async task =>
        {
            var t = task + (Concurrency * (cursors[task]++ % (Tips / Concurrency)));
            var version = ++versions[t];
            using var body = Document("tip-" + t, t, version, payload);
            using var response = await container.ReplaceItemStreamAsync(body, "tip-" + t, new PartitionKey(Partition(t)), new ItemRequestOptions { IfMatchEtag = etags[t] }).ConfigureAwait(false);
            etags[t] = response.StatusCode == HttpStatusCode.OK ? response.Headers.ETag : throw new InvalidOperationException($"replace {t}: {response.StatusCode}");
            return true;
        };
        var batches = 0;
        Func<int, Task<bool>> create = async task =>
        {
            var n = Interlocked.Increment(ref batches);
            using var body = Document("batch-" + n, n % Tips, n, payload);
            using var response = await container.CreateItemStreamAsync(body, new PartitionKey(Partition(n % Tips))).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Created ? true : throw new InvalidOperationException($"create {n}: {response.StatusCode}");
        };

        foreach (var (name, operation) in new[] { ("replace with If-Match", replace), ("create", create) })
        {
            await Load(operation, TimeSpan.FromSeconds(3), emulator).ConfigureAwait(false);
            var run = await Load(operation, TimeSpan.FromSeconds(seconds), emulator).ConfigureAwait(false);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}, {kilobytes} KB, .NET SDK stream API: {run.Count / run.Elapsed.TotalSeconds:F0}/s; CPU per write: emulator {run.EmulatorCpu.TotalMicroseconds / run.Count:F0} µs, client {run.ClientCpu.TotalMicroseconds / run.Count:F0} µs"));
        }

        Console.WriteLine($"load average {LoadAverage()}");
        return 0;
    }

    private static string Partition(int tip) => "s" + tip;

    /// <summary>Shaped like the event store's documents: a few small properties and one long base64 string.</summary>
    private static MemoryStream Document(string id, int tip, long version, string payload) =>
        new(Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pk\":\"{Partition(tip)}\",\"i\":{version},\"n\":{version + 1},\"t\":\"2026-11-23T21:00:00Z\",\"e\":\"{payload}\"}}"));

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(long Count, TimeSpan Elapsed, TimeSpan ClientCpu, TimeSpan EmulatorCpu)> Load(Func<int, Task<bool>> operation, TimeSpan duration, EmulatorProcess emulator)
    {
        long count = 0;
        var self = Process.GetCurrentProcess();
        var clientBefore = self.TotalProcessorTime;
        var emulatorBefore = emulator.Cpu;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async task =>
        {
            while (clock.Elapsed < duration && await operation(task).ConfigureAwait(false))
            {
                Interlocked.Increment(ref count);
            }
        })).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        self.Refresh();
        return (count, elapsed, self.TotalProcessorTime - clientBefore, emulator.Cpu - emulatorBefore);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
