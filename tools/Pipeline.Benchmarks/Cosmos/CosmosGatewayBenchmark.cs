using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// Point reads and writes of 1 KB items from 64 concurrent tasks against the Cosmos DB emulator, with the .NET SDK
/// (Gateway mode), a plain HttpClient and @azure/cosmos side by side, each after a warm-up; the emulator runs in its own
/// process so that client and emulator CPU per operation are read apart. Also: cold start, the SDK's own cost with a
/// canned transport, the same SDK reads with the emulator in-process, and memory per 100 000 items.
/// Run: dotnet run -c Release --project tools/Pipeline.Benchmarks -- cosmos [--seconds 5] [--memory-items 100000] [--no-node]
/// </summary>
internal static class CosmosGatewayBenchmark
{
    private const int Concurrency = 64;
    private const int ReadSet = 10_000;
    private static readonly string Payload = new('x', 1024 - 60);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            return await EmulatorProcess.ServeAsync().ConfigureAwait(false);
        }

        var seconds = Argument(args, "--seconds", 5);
        var memoryItems = Argument(args, "--memory-items", 100_000);
        var window = TimeSpan.FromSeconds(seconds);
        var total = Stopwatch.StartNew();
        Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}; 1 KB items, {Concurrency} concurrent tasks, HTTP, {seconds} s per figure after a warm-up");

        await using var emulator = await EmulatorProcess.StartAsync(CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"cold start, separate process: {emulator.ColdStart.TotalMilliseconds:F0} ms from process start to the first request served ({emulator.Endpoint})");

        using var client = NewSdkClient(emulator.Endpoint, handler: null);
        var container = (await (await client.CreateDatabaseAsync("bench").ConfigureAwait(false)).Database.CreateContainerAsync("items", "/pk").ConfigureAwait(false)).Container;
        using var raw = new RawGateway(emulator.Endpoint);
        var seeded = -1;
        await Load(() => Interlocked.Increment(ref seeded) is var i && i < ReadSet ? raw.UpsertAsync(i.ToString(CultureInfo.InvariantCulture), i) : Task.FromResult(false), TimeSpan.MaxValue, emulator).ConfigureAwait(false);

        // Warm-up: tiered JIT turns the SDK's and the emulator's code into optimized code only after many calls;
        // a figure taken before that measures the JIT, not the SDK or the emulator.
        var written = 0;
        Func<Task<bool>> sdkWrite = async () =>
        {
            // The stream API, as for reads: the item's bytes go out as they are, so the figure is the SDK's request path,
            // not Newtonsoft serializing a JObject (the typed API's extra cost is the caller's choice of serializer).
            var n = Interlocked.Increment(ref written);
            var partition = "p" + (n % 1000);
            using var body = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"id\":\"sdk-{n}\",\"pk\":\"{partition}\",\"payload\":\"{Payload}\"}}"));
            using var response = await container.CreateItemStreamAsync(body, new PartitionKey(partition)).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.Created ? true : throw new InvalidOperationException($"write {n}: {response.StatusCode}");
        };
        Func<Task<bool>> sdkRead = async () =>
        {
            var i = Random.Shared.Next(ReadSet);
            using var response = await container.ReadItemStreamAsync(i.ToString(CultureInfo.InvariantCulture), new PartitionKey("p" + (i % 1000))).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? true : throw new InvalidOperationException($"read {i}: {response.StatusCode}");
        };
        var rawWritten = 0;
        Func<Task<bool>> rawWrite = () => raw.CreateAsync("http-" + Interlocked.Increment(ref rawWritten), rawWritten);
        Func<Task<bool>> rawRead = () => raw.ReadAsync(Random.Shared.Next(ReadSet));
        // The first pass is what a short benchmark without a warm-up measures; it is reported to show the difference.
        var cold = new List<Figure>();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var (name, warm) in new[] { ("point writes", sdkWrite), ("point reads", sdkRead), ("point writes", rawWrite), ("point reads", rawRead) })
            {
                var run = await Load(warm, TimeSpan.FromSeconds(2), emulator).ConfigureAwait(false);
                if (pass == 0 && (warm == sdkWrite || warm == sdkRead))
                {
                    cold.Add(Figure.Of(name, ".NET SDK, first 2 s (before the JIT has optimized the code)", run));
                }
            }
        }

        var results = new List<Figure>(cold)
        {
            Figure.Of("point writes", ".NET SDK", await Load(sdkWrite, window, emulator).ConfigureAwait(false)),
            Figure.Of("point writes", "HttpClient", await Load(rawWrite, window, emulator).ConfigureAwait(false)),
        };
        var node = args.Contains("--no-node") ? null : NodeScript();
        if (node is not null)
        {
            results.Add(Figure.Of("point writes", "@azure/cosmos", await RunNodeAsync(node, "write", emulator, seconds).ConfigureAwait(false)));
        }

        results.Add(Figure.Of("point reads", ".NET SDK", await Load(sdkRead, window, emulator).ConfigureAwait(false)));
        results.Add(Figure.Of("point reads", "HttpClient", await Load(rawRead, window, emulator).ConfigureAwait(false)));
        if (node is not null)
        {
            results.Add(Figure.Of("point reads", "@azure/cosmos", await RunNodeAsync(node, "read", emulator, seconds).ConfigureAwait(false)));
        }

        // The SDK alone: the same reads answered from memory with a response recorded from the emulator.
        var (status, headers, body) = await raw.RecordReadAsync(0).ConfigureAwait(false);
        using (var canned = NewSdkClient(emulator.Endpoint, new CannedReadHandler(new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency }, status, headers, body)))
        {
            var cannedContainer = canned.GetContainer("bench", "items");
            Func<Task<bool>> cannedRead = async () =>
            {
                using var response = await cannedContainer.ReadItemStreamAsync("0", new PartitionKey("p0")).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.OK;
            };
            await Load(cannedRead, TimeSpan.FromSeconds(2), emulator).ConfigureAwait(false);
            results.Add(Figure.Of("point reads", ".NET SDK, canned transport (no server, no socket)", await Load(cannedRead, window, emulator).ConfigureAwait(false)));
        }

        foreach (var figure in results)
        {
            Console.WriteLine(figure);
        }

        Ratios(results);
        await InProcessAsync(window, memoryItems).ConfigureAwait(false);
        Console.WriteLine($"load average {LoadAverage()}; benchmark took {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>The emulator hosted in this process (as tests and `pipeline dev` host it): cold start, SDK reads, memory.</summary>
    private static async Task InProcessAsync(TimeSpan window, int memoryItems)
    {
        var clock = Stopwatch.StartNew();
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = false });
        await emulator.StartAsync().ConfigureAwait(false);
        var started = clock.Elapsed;
        await EmulatorProcess.FirstResponseAsync(emulator.Endpoint, CancellationToken.None).ConfigureAwait(false);
        Console.WriteLine($"cold start, in-process: StartAsync {started.TotalMilliseconds:F0} ms, first request served after {clock.Elapsed.TotalMilliseconds:F0} ms");

        using var raw = new RawGateway(emulator.Endpoint);
        using var client = NewSdkClient(emulator.Endpoint, handler: null);
        await (await client.CreateDatabaseAsync("bench").ConfigureAwait(false)).Database.CreateContainerAsync("items", "/pk").ConfigureAwait(false);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var next = -1;
        var writes = await Load(() => Interlocked.Increment(ref next) is var i && i < memoryItems ? raw.CreateAsync(i.ToString(CultureInfo.InvariantCulture), i) : Task.FromResult(false), TimeSpan.MaxValue, emulator: null).ConfigureAwait(false);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"memory: {(after - before) / (1024.0 * 1024.0) * 100_000 / memoryItems:F0} MB managed heap per 100 000 items of 1 KB (measured over {memoryItems}; {writes.Count / writes.Elapsed.TotalSeconds:F0} creates/s over HttpClient in-process)");

        var container = client.GetContainer("bench", "items");
        Func<Task<bool>> sdkRead = async () =>
        {
            var i = Random.Shared.Next(Math.Min(memoryItems, ReadSet));
            using var response = await container.ReadItemStreamAsync(i.ToString(CultureInfo.InvariantCulture), new PartitionKey("p" + (i % 1000))).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        };
        await Load(sdkRead, TimeSpan.FromSeconds(2), emulator: null).ConfigureAwait(false);
        Console.WriteLine(Figure.Of("point reads", ".NET SDK, emulator in the same process", await Load(sdkRead, window, emulator: null).ConfigureAwait(false)));
    }

    private static CosmosClient NewSdkClient(Uri endpoint, HttpMessageHandler? handler)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            EnableContentResponseOnWrite = false,
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = true, DisableSendingMetricsToService = true },
        };
        if (handler is null)
        {
            options.GatewayModeMaxConnectionLimit = Concurrency;
        }
        else
        {
            options.HttpClientFactory = () => new HttpClient(handler, disposeHandler: false);
        }

        return new CosmosClient(endpoint.ToString(), CosmosEmulatorOptions.WellKnownKey, options);
    }

    private static async Task<Run> Load(Func<Task<bool>> operation, TimeSpan duration, EmulatorProcess? emulator)
    {
        long count = 0;
        var self = Process.GetCurrentProcess();
        var clientBefore = self.TotalProcessorTime;
        var emulatorBefore = emulator?.Cpu ?? TimeSpan.Zero;
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
        self.Refresh();
        return new Run(count, elapsed, self.TotalProcessorTime - clientBefore, emulator is null ? null : emulator.Cpu - emulatorBefore);
    }

    private static async Task<Run> RunNodeAsync(string script, string mode, EmulatorProcess emulator, int seconds)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(script)! };
        start.ArgumentList.Add(script);
        start.Environment["COSMOS_ENDPOINT"] = emulator.Endpoint.ToString();
        start.Environment["COSMOS_KEY"] = CosmosEmulatorOptions.WellKnownKey;
        start.Environment["MODE"] = mode;
        start.Environment["SECONDS"] = seconds.ToString(CultureInfo.InvariantCulture);
        start.Environment["ITEMS"] = ReadSet.ToString(CultureInfo.InvariantCulture);
        start.Environment["CONCURRENCY"] = Concurrency.ToString(CultureInfo.InvariantCulture);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var first = await node.StandardOutput.ReadLineAsync().ConfigureAwait(false);
        if (first != "start")
        {
            throw new InvalidOperationException($"node {mode}: {first}");
        }

        var emulatorBefore = emulator.Cpu;
        var result = JObject.Parse(await node.StandardOutput.ReadLineAsync().ConfigureAwait(false) ?? throw new InvalidOperationException($"node {mode} ended early"));
        var emulatorCpu = emulator.Cpu - emulatorBefore;
        await node.WaitForExitAsync().ConfigureAwait(false);
        return new Run(
            (long)result["count"]!,
            TimeSpan.FromSeconds((double)result["seconds"]!),
            TimeSpan.FromMicroseconds((double)result["cpuMicroseconds"]!),
            emulatorCpu);
    }

    private static void Ratios(List<Figure> results)
    {
        double Client(string what, string by) => results.Single(f => f.What == what && f.By == by).Run.ClientMicroseconds;
        var readSdk = Client("point reads", ".NET SDK");
        var readRaw = Client("point reads", "HttpClient");
        var writeSdk = Client("point writes", ".NET SDK");
        var writeRaw = Client("point writes", "HttpClient");
        var canned = Client("point reads", ".NET SDK, canned transport (no server, no socket)");
        Console.WriteLine($"client CPU per operation, .NET SDK / HttpClient: reads {readSdk / readRaw:F1}x, writes {writeSdk / writeRaw:F1}x; " +
                          $"the SDK's own work (canned transport) is {canned / readSdk:P0} of its CPU per read");
    }

    private static string? NodeScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "tools", "Pipeline.Benchmarks", "Cosmos", "point-operations.cjs");
            if (File.Exists(script) && Directory.Exists(Path.Combine(dir.FullName, "node_modules", "@azure", "cosmos")))
            {
                return script;
            }
        }

        Console.WriteLine("@azure/cosmos figures skipped: run `npm ci` at the repository root for node_modules.");
        return null;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Argument(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
    }

    /// <summary>Operations done in a window, and the CPU the client and (when separate) the emulator spent on them.</summary>
    private sealed record Run(long Count, TimeSpan Elapsed, TimeSpan ClientCpu, TimeSpan? EmulatorCpu)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;

        public double ClientMicroseconds => ClientCpu.TotalMicroseconds / Math.Max(1, Count);

        public double? EmulatorMicroseconds => EmulatorCpu?.TotalMicroseconds / Math.Max(1, Count);
    }

    private sealed record Figure(string What, string By, Run Run)
    {
        public static Figure Of(string what, string by, Run run) => new(what, by, run);

        public override string ToString()
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{What}, {By}: {Run.PerSecond:F0}/s; CPU per operation: client {Run.ClientMicroseconds:F0} µs");
            var cpu = Run.ClientMicroseconds;
            if (Run.EmulatorMicroseconds is { } server)
            {
                text.Append(CultureInfo.InvariantCulture, $", emulator {server:F0} µs");
                cpu += server;
            }
            else
            {
                text.Append(" (client and emulator together)");
            }

            // What the same CPU per operation would give with the machine's cores to itself.
            text.Append(CultureInfo.InvariantCulture, $" => {Environment.ProcessorCount * 1_000_000 / cpu:F0}/s per {Environment.ProcessorCount} idle cores");
            return text.ToString();
        }
    }
}
