using System.Diagnostics;
using System.Globalization;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// Query latency of the Cosmos DB emulator through the .NET SDK (Gateway mode): a partition-scoped query returning 100
/// items while the other partitions hold N items, and cross-partition ORDER BY over all of them through the query plan
/// (TOP 100, where each range keeps a top-k heap; the first page without TOP, which sorts everything; a full drain).
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- cosmos-query [--items N] [--repeat R]
/// </summary>
internal static class CosmosQueryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var items = Argument(args, "--items", 100_000);
        var repeat = Argument(args, "--repeat", 30);

        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = false });
        await emulator.StartAsync();
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
            GatewayModeMaxConnectionLimit = 64,
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = true, DisableSendingMetricsToService = true },
        };
        using var client = new CosmosClient(emulator.Endpoint.ToString(), emulator.AccountKey, options);
        var properties = new ContainerProperties("items", "/pk") { PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2 };
        var container = (await (await client.CreateDatabaseAsync("bench")).Database.CreateContainerAsync(properties)).Container;

        var seeding = Stopwatch.StartNew();
        await SeedAsync(emulator, items);
        Console.WriteLine($"seeded {items} items in 1000 partitions plus 100 in partition 'hot' in {seeding.Elapsed.TotalSeconds:F1} s (plain HTTP upserts)");

        // Each run binds a different (always true) @floor, so no run is answered from the emulator's result cache.
        var scoped = new QueryRequestOptions { PartitionKey = new PartitionKey("hot"), MaxItemCount = 1000 };
        var all = new QueryRequestOptions { MaxItemCount = 1000 };
        var firstHundred = new QueryRequestOptions { MaxItemCount = 100 };
        await ReportAsync("single-partition query, 100 results", repeat, run => DrainAsync(container, "SELECT * FROM c WHERE c.n >= @floor", run, scoped), 100);
        await ReportAsync("cross-partition ORDER BY, TOP 100 (query plan: per-range top-k, SDK merge)", repeat, run => DrainAsync(container, "SELECT TOP 100 c.id, c.n FROM c WHERE c.n >= @floor ORDER BY c.n DESC", run, all), 100);
        await ReportAsync("cross-partition ORDER BY, first page of 100 without TOP (full sort)", repeat, run => FirstPageAsync(container, "SELECT c.id, c.n FROM c WHERE c.n >= @floor ORDER BY c.n DESC", run, firstHundred), 100);
        await ReportAsync("cross-partition ORDER BY, all items in pages of 1000", 3, run => DrainAsync(container, "SELECT VALUE c.n FROM c WHERE c.n >= @floor ORDER BY c.n DESC", run, all), items + 100);
        return 0;
    }

    private static async Task ReportAsync(string name, int repeat, Func<int, Task<int>> run, int expected)
    {
        var count = await run(-1);
        if (count != expected)
        {
            throw new InvalidOperationException($"{name}: expected {expected} results, got {count}.");
        }

        var timings = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            await run(-2 - i);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        // CPU time (SDK and emulator together) is the figure other load on the machine does not distort.
        var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / repeat;
        timings.Sort();
        Console.WriteLine($"{name}: median {timings[timings.Count / 2]:F1} ms, p95 {timings[(int)Math.Ceiling(timings.Count * 0.95) - 1]:F1} ms, {cpuPerRun:F1} ms CPU per query, over {repeat} runs");
    }

    private static async Task<int> DrainAsync(Container container, string query, int floor, QueryRequestOptions options)
    {
        using var iterator = container.GetItemQueryIterator<JToken>(new QueryDefinition(query).WithParameter("@floor", floor), requestOptions: options);
        var count = 0;
        while (iterator.HasMoreResults)
        {
            count += (await iterator.ReadNextAsync()).Count;
        }

        return count;
    }

    private static async Task<int> FirstPageAsync(Container container, string query, int floor, QueryRequestOptions options)
    {
        using var iterator = container.GetItemQueryIterator<JToken>(new QueryDefinition(query).WithParameter("@floor", floor), requestOptions: options);
        return (await iterator.ReadNextAsync()).Count;
    }

    /// <summary>Writes the items with signed upserts over plain HTTP: the SDK's own cost per write would dominate the run.</summary>
    private static async Task SeedAsync(CosmosEmulator emulator, int items)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = emulator.Endpoint };
        const string link = "dbs/bench/colls/items";
        var date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var payload = $"post\ndocs\n{link}\n{date.ToLowerInvariant()}\n\n";
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(Convert.FromBase64String(emulator.AccountKey), System.Text.Encoding.UTF8.GetBytes(payload)));
        var authorization = Uri.EscapeDataString($"type=master&ver=1.0&sig={signature}");
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items + 100)
            {
                var pk = i < 100 ? "hot" : "p" + (i % 1000).ToString(CultureInfo.InvariantCulture);
                var body = new JObject { ["id"] = i.ToString(CultureInfo.InvariantCulture), ["pk"] = pk, ["n"] = i, ["name"] = "name" + (i % 97) };
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(link + "/docs", UriKind.Relative))
                {
                    Content = new StringContent(body.ToString(Newtonsoft.Json.Formatting.None), System.Text.Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("x-ms-date", date);
                request.Headers.TryAddWithoutValidation("authorization", authorization);
                request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", new JArray(pk).ToString(Newtonsoft.Json.Formatting.None));
                request.Headers.TryAddWithoutValidation("x-ms-documentdb-is-upsert", "True");
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"seeding item {i}: {response.StatusCode}");
                }
            }
        }));
    }

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
