using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Azurite;
using Pipeline.Emulators.FunctionsHost;

namespace Pipeline.Benchmarks.FunctionsHost;

/// <summary>
/// Stopwatch measurement of the local Functions host (too stateful for BenchmarkDotNet): HTTP overhead
/// per request (forwarded and envelope) against calling the handler directly, and Event Hubs delivery
/// rate to a do-nothing handler with 1 KB events in batches of 100, checkpointing to Azurite.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- functions-host
/// (BENCH_CHECKPOINT_FREQUENCY=N sets batchCheckpointFrequency, to separate checkpoint cost from invocation cost).
/// </summary>
internal static class FunctionsHostMeasurement
{
    private const int Requests = 2000;
    private const int Partitions = 4;
    private const int EventsPerPartition = 25_000;

    public static async Task RunAsync()
    {
        var root = FindRoot();
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = root, InMemory = true, StartTimeout = TimeSpan.FromMinutes(2) }).ConfigureAwait(false);
        var app = PrepareApp();
        var source = new MemoryEventSource(Partitions, EventsPerPartition, 1024);
        var options = new FunctionsHostOptions { AppDirectory = app, Port = 0, DevelopmentStorageBlobEndpoint = azurite.BlobEndpoint };
        options.SettingOverrides["TEST_HANDLER_RECORD"] = "off";
        options.EventHubs.SourceFactory = source;
        options.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(100);

        await using var host = await Emulators.FunctionsHost.FunctionsHost.StartAsync(options).ConfigureAwait(false);
        while (host.OwnedPartitions["Events"].Count < Partitions)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        // Measured from the moment every partition is owned, so handler start-up and the first balancing cycles do not count.
        var startCount = source.Delivered;
        var clock = Stopwatch.StartNew();
        while (source.Delivered < Partitions * EventsPerPartition)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var events = Partitions * EventsPerPartition - startCount;
        var batches = events / 100.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Event Hubs: {events} events of 1 KB over {Partitions} partitions in {seconds:F2} s = {events / seconds:F0} events/s; {seconds * 1000 * Partitions / batches:F2} ms per batch of 100 on each partition (payload, POST, checkpoint)"));

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var key = Uri.EscapeDataString(host.Keys.DefaultFunctionKey);
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.HandlerPort}/") };
        var forwarded = await TimeAsync(() => http.GetAsync($"api/echo?code={key}")).ConfigureAwait(false);
        var handlerOnly = await TimeAsync(() => direct.GetAsync("api/echo")).ConfigureAwait(false);
        var envelope = await TimeAsync(() => http.PostAsync("api/items/books/7", new StringContent("{}"))).ConfigureAwait(false);
        var envelopeDirect = await TimeAsync(() => direct.PostAsync("Envelope", new StringContent("{\"Data\":{},\"Metadata\":{}}"))).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HTTP forwarded: {forwarded:F3} ms/request via host vs {handlerOnly:F3} ms direct = {forwarded - handlerOnly:F3} ms overhead"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"HTTP envelope:  {envelope:F3} ms/request via host vs {envelopeDirect:F3} ms direct = {envelope - envelopeDirect:F3} ms overhead"));
        Directory.Delete(Path.GetDirectoryName(app)!, recursive: true);
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> call)
    {
        for (var i = 0; i < 200; i++)
        {
            (await call().ConfigureAwait(false)).Dispose();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Requests; i++)
        {
            using var response = await call().ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
        }

        return clock.Elapsed.TotalMilliseconds / Requests;
    }

    private static string PrepareApp()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "testapp");
        var target = Path.Combine(Directory.CreateTempSubdirectory("fhost-bench-").FullName, "app");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("Crash", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        var hostJson = Path.Combine(target, "host.json");
        var host = JsonNode.Parse(File.ReadAllText(hostJson))!;
        host["customHandler"]!["description"]!["defaultExecutablePath"] = Path.Combine(AppContext.BaseDirectory, "Pipeline.Emulators.FunctionsHost.TestHandler.dll");
        host["extensions"]!["eventHubs"]!["maxEventBatchSize"] = 100;
        host["extensions"]!["eventHubs"]!["prefetchCount"] = 300;
        host["extensions"]!["eventHubs"]!["batchCheckpointFrequency"] = int.Parse(Environment.GetEnvironmentVariable("BENCH_CHECKPOINT_FREQUENCY") ?? "1", CultureInfo.InvariantCulture);
        File.WriteAllText(hostJson, host.ToJsonString());
        return target;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }
}
