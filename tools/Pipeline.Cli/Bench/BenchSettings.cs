using Pipeline.Cli.Load;

namespace Pipeline.Cli.Bench;

/// <summary>How long and how hard each bench phase runs: bounded so the whole default `pipeline bench` takes a few minutes.</summary>
internal sealed record BenchSettings
{
    /// <summary>Length of each load phase (probe and each point of a curve).</summary>
    public TimeSpan PhaseDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Offered rate when looking for the maximum; above what this stack can take, so the generator saturates it.</summary>
    public double ProbeRate { get; init; } = 20_000;

    /// <summary>Where the end-to-end ramp starts; it doubles from here.</summary>
    public double EndToEndStartRate { get; init; } = 1000;

    /// <summary>End to end keeps up while POST → state visible p99 stays at or under this.</summary>
    public TimeSpan KeptUpP99 { get; init; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; init; } = 50;

    public int EventBytes { get; init; } = 1024;

    public int Streams { get; init; } = 1000;

    public int Concurrency { get; init; } = 128;

    public int WatchedStreams { get; init; } = 16;

    /// <summary>Partitions of the event hub in the HTTP benches' local stacks.</summary>
    public int Partitions { get; init; } = LocalTopologyOptions.DefaultPartitionCount;

    /// <summary>Events for the broker and projector benches.</summary>
    public int Events { get; init; } = 20_000;

    public LoadOptions Options(double rate, TimeSpan duration, int watched, string? runId = null) => new()
    {
        RunId = runId ?? new LoadOptions().RunId,
        EventsPerSecond = Math.Max(1, rate),
        Duration = duration,
        BatchSize = BatchSize,
        EventBytes = EventBytes,
        Streams = Streams,
        Concurrency = Concurrency,
        WatchedStreams = watched,
    };
}
