using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// End-to-end throughput of the Cosmos DB emulator driven by the .NET SDK (Gateway mode) on this machine:
/// cold start, point writes and point reads of 1 KB items from 64 concurrent tasks, and store memory per item.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- cosmos [--items N] [--seconds S] [--https]
/// </summary>
internal static class CosmosGatewayBenchmark
{
    private const int Concurrency = 64;

    public static async Task<int> RunAsync(string[] args)
    {
        var items = Argument(args, "--items", 20_000);
        var seconds = Argument(args, "--seconds", 5);
        var https = args.Contains("--https");

        var coldStart = Stopwatch.StartNew();
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = https });
        await emulator.StartAsync();
        var started = coldStart.Elapsed;
        using (var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }))
        {
            using var first = await probe.GetAsync(emulator.Endpoint);
            _ = first.StatusCode;
        }

        var firstServed = coldStart.Elapsed;
        Console.WriteLine($"cold start: StartAsync {started.TotalMilliseconds:F0} ms, first request served after {firstServed.TotalMilliseconds:F0} ms ({emulator.Endpoint})");

        var options = new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway, EnableContentResponseOnWrite = false };
        if (https)
        {
            // Trust exactly the emulator's certificate; the connection limit then lives on the handler.
            options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                MaxConnectionsPerServer = Concurrency,
                SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c?.GetCertHashString() == emulator.Certificate!.GetCertHashString() },
            });
        }
        else
        {
            options.GatewayModeMaxConnectionLimit = Concurrency;
        }

        using var client = new CosmosClient(emulator.Endpoint.ToString(), emulator.AccountKey, options);
        var container = (await (await client.CreateDatabaseAsync("bench")).Database.CreateContainerAsync("items", "/pk")).Container;
        var payload = new string('x', 1024 - 60);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var next = -1;
        var writes = await MeasureAsync(async () =>
        {
            var i = Interlocked.Increment(ref next);
            if (i >= items)
            {
                return false;
            }

            var id = i.ToString(CultureInfo.InvariantCulture);
            await container.CreateItemAsync(new JObject { ["id"] = id, ["pk"] = "p" + (i % 1000), ["payload"] = payload }, new PartitionKey("p" + (i % 1000)));
            return true;
        }, TimeSpan.MaxValue);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"point writes: {writes.Count} x 1 KB in {writes.Elapsed.TotalSeconds:F1} s = {writes.Count / writes.Elapsed.TotalSeconds:F0}/s ({Concurrency} tasks)");
        Console.WriteLine($"memory: {(after - before) / (double)items * 100_000 / (1024 * 1024):F0} MB per 100 000 items of 1 KB (measured over {items})");

        var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
        var reads = await MeasureAsync(async () =>
        {
            var i = random.Value!.Next(items);
            var response = await container.ReadItemStreamAsync(i.ToString(CultureInfo.InvariantCulture), new PartitionKey("p" + (i % 1000)));
            using (response)
            {
                return response.StatusCode == HttpStatusCode.OK ? true : throw new InvalidOperationException($"read {i}: {response.StatusCode}");
            }
        }, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"point reads: {reads.Count} in {reads.Elapsed.TotalSeconds:F1} s = {reads.Count / reads.Elapsed.TotalSeconds:F0}/s ({Concurrency} tasks)");
        return 0;
    }

    private static async Task<(long Count, TimeSpan Elapsed)> MeasureAsync(Func<Task<bool>> operation, TimeSpan duration)
    {
        long count = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && await operation().ConfigureAwait(false))
            {
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        return (count, clock.Elapsed);
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
