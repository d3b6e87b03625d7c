namespace Pipeline.Cli.Dev.Dashboard;

/// <summary>One point of every dashboard chart, computed from two scrapes: rates per second, latencies in milliseconds.</summary>
public sealed record DashboardPoint(
    long Time,
    double AcceptedPerSecond,
    double RejectedPerSecond,
    double IngestFailedPerSecond,
    double? PostToAppliedP50,
    double? PostToAppliedP95,
    double? PostToAppliedP99,
    double? EnqueuedToAppliedP95,
    double? SendP95,
    IReadOnlyDictionary<string, double> LagByPartition,
    double RequestUnitsPerSecond,
    double CosmosThrottledPerSecond,
    double DeadLettersPerSecond,
    double DuplicatesPerSecond);
