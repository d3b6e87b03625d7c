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

        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = true, DisableSendingMetricsToService = true },
        };
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
        Console.WriteLine($"point writes: {writes.Count} x 1 KB in {writes.Elapsed.TotalSeconds:F1} s = {writes.Count / writes.Elapsed.TotalSeconds:F0}/s ({Concurrency} tasks); {Cpu(writes.CpuMicrosecondsPerOperation)}");
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
        Console.WriteLine($"point reads: {reads.Count} in {reads.Elapsed.TotalSeconds:F1} s = {reads.Count / reads.Elapsed.TotalSeconds:F0}/s ({Concurrency} tasks); {Cpu(reads.CpuMicrosecondsPerOperation)}");

        // The same reads without the SDK: what the emulator itself sustains behind a plain HttpClient.
        using var raw = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Concurrency,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        }) { BaseAddress = emulator.Endpoint };
        var date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var plain = await MeasureAsync(async () =>
        {
            var id = random.Value!.Next(items).ToString(CultureInfo.InvariantCulture);
            var link = $"dbs/bench/colls/items/docs/{id}";
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link, UriKind.Relative));
            request.Headers.TryAddWithoutValidation("x-ms-date", date);
            request.Headers.TryAddWithoutValidation("authorization", Sign(emulator.AccountKey, "get", "docs", link, date));
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", $"[\"p{int.Parse(id, CultureInfo.InvariantCulture) % 1000}\"]");
            using var response = await raw.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK ? true : throw new InvalidOperationException($"raw read {id}: {response.StatusCode}");
        }, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"point reads without the SDK (HttpClient): {plain.Count / plain.Elapsed.TotalSeconds:F0}/s; {Cpu(plain.CpuMicrosecondsPerOperation)}");

        var body = System.Text.Encoding.UTF8.GetBytes(new JObject { ["id"] = "x", ["pk"] = "p0", ["payload"] = payload }.ToString(Newtonsoft.Json.Formatting.None));
        var upserts = await MeasureAsync(async () =>
        {
            const string link = "dbs/bench/colls/items";
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(link + "/docs", UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("x-ms-date", date);
            request.Headers.TryAddWithoutValidation("authorization", Sign(emulator.AccountKey, "post", "docs", link, date));
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", "[\"p0\"]");
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-is-upsert", "True");
            using var response = await raw.SendAsync(request);
            return response.IsSuccessStatusCode ? true : throw new InvalidOperationException($"raw upsert: {response.StatusCode}");
        }, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"point writes (upserts) without the SDK (HttpClient): {upserts.Count / upserts.Elapsed.TotalSeconds:F0}/s; {Cpu(upserts.CpuMicrosecondsPerOperation)}");
        return 0;
    }

    private static string Sign(string key, string verb, string resourceType, string link, string date)
    {
        var payload = $"{verb}\n{resourceType}\n{link}\n{date.ToLowerInvariant()}\n\n";
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(key), System.Text.Encoding.UTF8.GetBytes(payload)));
        return Uri.EscapeDataString($"type=master&ver=1.0&sig={signature}");
    }

    private static async Task<(long Count, TimeSpan Elapsed, double CpuMicrosecondsPerOperation)> MeasureAsync(Func<Task<bool>> operation, TimeSpan duration)
    {
        long count = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && await operation().ConfigureAwait(false))
            {
                Interlocked.Increment(ref count);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, count);
        return (count, elapsed, cpu);
    }

    /// <summary>CPU per operation (client SDK and emulator together) is the figure a busy shared machine cannot distort.</summary>
    private static string Cpu(double microseconds) =>
        $"{microseconds:F0} µs CPU per operation (client + emulator), i.e. {Environment.ProcessorCount * 1_000_000 / microseconds:F0}/s if this process had all {Environment.ProcessorCount} cores";

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }
}
