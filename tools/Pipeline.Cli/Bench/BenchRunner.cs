using System.Diagnostics;
using Pipeline.Cli.Load;

namespace Pipeline.Cli.Bench;

/// <summary>Which parts of `pipeline bench` to run.</summary>
[Flags]
internal enum BenchParts
{
    None = 0,
    Broker = 1,
    Projector = 2,
    Ingest = 4,
    EndToEnd = 8,
    All = Broker | Projector | Ingest | EndToEnd,
}

/// <summary>Runs the selected benches one after another, each on its own fresh local stack, and gathers their figures.</summary>
internal static class BenchRunner
{
    public static async Task<BenchResults> RunAsync(string root, string handler, BenchParts parts, BenchSettings settings, string command, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var clock = Stopwatch.StartNew();
        var results = new BenchResults { MeasuredAt = DateTimeOffset.UtcNow, Command = command, LoadAverageAtStart = MachineLoad.Describe() };
        if (parts.HasFlag(BenchParts.Broker))
        {
            log("Broker only: our Event Hubs client vs @azure/event-hubs against the emulator...");
            var (ours, js, error) = await BrokerBench.RunAsync(root, settings.Events, cancellationToken).ConfigureAwait(false);
            results = results with { BrokerOurs = ours, BrokerJs = js, BrokerJsError = error };
            log($"  ours: send {ours.SendEventsPerSecond:N0}/s, receive {ours.ReceiveEventsPerSecond:N0}/s; js: {(js is null ? error : $"send {js.SendEventsPerSecond:N0}/s, receive {js.ReceiveEventsPerSecond:N0}/s")}");
        }

        if (parts.HasFlag(BenchParts.Projector))
        {
            log("Projector only: our projector vs one upsert per event, same events, same Cosmos DB emulator...");
            await using var topology = await LocalTopology.StartAsync(new LocalTopologyOptions { RepositoryRoot = root, HandlerAssembly = handler }, withHost: false, cancellationToken).ConfigureAwait(false);
            var (ours, naive) = await ProjectorBench.RunAsync(topology, settings.Events, settings.Streams, settings.PhaseDuration * 4, cancellationToken).ConfigureAwait(false);
            results = results with { ProjectorOurs = ours, ProjectorNaive = naive };
            log("  " + ProjectorBench.Describe(ours));
            log("  " + ProjectorBench.Describe(naive));
        }

        if (parts.HasFlag(BenchParts.Ingest))
        {
            log("Ingest only: HTTP → Event Hubs accepted (project and archive disabled)...");
            await using var topology = await LocalTopology.StartAsync(
                new LocalTopologyOptions { RepositoryRoot = root, HandlerAssembly = handler, DisabledFunctions = new HashSet<string>(["project", "archive"]), SeparateProcesses = true, PartitionCount = settings.Partitions },
                withHost: true,
                cancellationToken).ConfigureAwait(false);
            results = results with { Ingest = await CurveBench.IngestAsync(new PipelineEndpoint(topology.BaseAddress, topology.FunctionKey), settings, new ProcessCpu(topology.Processes), log, cancellationToken).ConfigureAwait(false) };
        }

        if (parts.HasFlag(BenchParts.EndToEnd))
        {
            log($"End to end: POST → state visible, {settings.EventBytes}-byte events over {settings.Streams:N0} streams, {settings.Partitions} partitions...");
            await using var topology = await LocalTopology.StartAsync(new LocalTopologyOptions { RepositoryRoot = root, HandlerAssembly = handler, SeparateProcesses = true, PartitionCount = settings.Partitions }, withHost: true, cancellationToken).ConfigureAwait(false);
            results = results with { EndToEnd = await CurveBench.EndToEndAsync(new PipelineEndpoint(topology.BaseAddress, topology.FunctionKey), settings, new ProcessCpu(topology.Processes), log, cancellationToken).ConfigureAwait(false) };
        }

        return results with { LoadAverageAtEnd = MachineLoad.Describe(), WallSeconds = clock.Elapsed.TotalSeconds };
    }
}
