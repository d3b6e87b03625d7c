using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Cli.Load;

/// <summary>The outcome of `pipeline load`, written as JSON (for tools) and Markdown (for people) into the --out folder.</summary>
internal sealed record LoadReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required LoadOptions Options { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required long Requests { get; init; }

    public required long EventsOffered { get; init; }

    public required long EventsAccepted { get; init; }

    public required long EventsFailed { get; init; }

    public required long Retries { get; init; }

    public required long Dropped { get; init; }

    public double AcceptedEventsPerSecond => ElapsedSeconds > 0 ? EventsAccepted / ElapsedSeconds : 0;

    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    public required LatencySummary RequestLatencyMs { get; init; }

    public required LatencySummary VisibleLatencyMs { get; init; }

    public VerificationSummary? Verification { get; init; }

    public string? LoadAverage { get; init; }

    /// <summary>CPU per process of a local stack over sending and draining (null against a remote app).</summary>
    public IReadOnlyList<Bench.ProcessCpuFigure>? Cpu { get; init; }

    public static LoadReport From(string target, DateTimeOffset startedAt, LoadOptions options, LoadStatistics statistics, double elapsedSeconds, VerificationSummary? verification) => new()
    {
        Target = target,
        StartedAt = startedAt,
        Options = options,
        ElapsedSeconds = elapsedSeconds,
        Requests = statistics.Requests,
        EventsOffered = statistics.EventsOffered,
        EventsAccepted = statistics.EventsAccepted,
        EventsFailed = statistics.EventsFailed,
        Retries = statistics.Retries,
        Dropped = statistics.Dropped,
        Outcomes = statistics.Outcomes,
        RequestLatencyMs = statistics.RequestLatency.Summary(),
        VisibleLatencyMs = statistics.VisibleLatency.Summary(),
        Verification = verification,
        LoadAverage = MachineLoad.Describe(),
    };

    /// <summary>Writes load-report.json and load-report.md; returns their paths.</summary>
    public (string Json, string Markdown) Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "load-report.json");
        var markdown = Path.Combine(directory, "load-report.md");
        File.WriteAllText(json, JsonSerializer.Serialize(this, Json));
        File.WriteAllText(markdown, ToMarkdown());
        return (json, markdown);
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"# Load report: {Target}"));
        text.AppendLine();
        text.AppendLine(Invariant($"Started {StartedAt:u}; run `{Options.RunId}`; machine load average {LoadAverage ?? "n/a"}."));
        text.AppendLine();
        text.AppendLine("| Setting | Value |");
        text.AppendLine("|---|---:|");
        text.AppendLine(Invariant($"| Offered rate | {Options.EventsPerSecond:N0} events/s |"));
        text.AppendLine(Invariant($"| Duration | {Options.Duration.TotalSeconds:N0} s |"));
        text.AppendLine(Invariant($"| Batch size / event size | {Options.BatchSize} events / {Options.EventBytes} bytes |"));
        text.AppendLine(Invariant($"| Concurrency | {Options.Concurrency} |"));
        text.AppendLine(Invariant($"| Streams (Zipf s = {Options.ZipfExponent}) | {Options.Streams:N0} |"));
        text.AppendLine();
        text.AppendLine("| Result | Value |");
        text.AppendLine("|---|---:|");
        text.AppendLine(Invariant($"| Requests | {Requests:N0} ({Retries:N0} retries, {Dropped:N0} dropped by the generator) |"));
        text.AppendLine(Invariant($"| Events accepted / offered | {EventsAccepted:N0} / {EventsOffered:N0} |"));
        text.AppendLine(Invariant($"| Accepted events/s | {AcceptedEventsPerSecond:N0} |"));
        text.AppendLine(Invariant($"| Responses | {string.Join(", ", Outcomes.Select(o => $"{o.Key}: {o.Value:N0}"))} |"));
        text.AppendLine(Invariant($"| Request latency p50 / p95 / p99 / max (from due time) | {Ms(RequestLatencyMs)} |"));
        text.AppendLine(Invariant($"| POST → state visible p50 / p95 / p99 / max ({VisibleLatencyMs.Count:N0} sampled events) | {Ms(VisibleLatencyMs)} |"));
        if (Cpu is { Count: > 0 } cpu)
        {
            text.AppendLine();
            text.AppendLine("| Process (local stack, sending and draining) | CPU-seconds | µs CPU per event |");
            text.AppendLine("|---|---:|---:|");
            foreach (var c in cpu)
            {
                text.AppendLine(Invariant($"| {c.Process} | {c.CpuSeconds:0.##} | {c.MicrosecondsPerEvent:N1} |"));
            }

            text.AppendLine(Invariant($"| **whole stack** | {cpu.Sum(c => c.CpuSeconds):0.##} | **{cpu.Sum(c => c.MicrosecondsPerEvent):N1}** |"));
        }

        if (Verification is { } v)
        {
            text.AppendLine();
            text.AppendLine("## Verification");
            text.AppendLine();
            text.AppendLine(Invariant($"{v.Streams:N0} streams read back after {v.CatchUp.TotalSeconds:0.0} s of catch-up ({(v.CaughtUp ? "all caught up" : "NOT all caught up")}): **{(v.Clean ? "clean" : "PROBLEMS")}**."));
            text.AppendLine();
            text.AppendLine("| Accepted | Observed | Missing | Duplicated | Out of order | Unexpected |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|");
            text.AppendLine(Invariant($"| {v.Accepted:N0} | {v.Observed:N0} | {v.Missing:N0} | {v.Duplicated:N0} | {v.OutOfOrder:N0} | {v.Unexpected:N0} |"));
            if (v.Problems.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("| Stream | Accepted | Observed | Missing | Duplicated | Out of order | Unexpected |");
                text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (var p in v.Problems.Take(50))
                {
                    text.AppendLine(Invariant($"| {p.StreamId} | {p.Accepted} | {p.Observed} | {p.Missing} | {p.Duplicated} | {p.OutOfOrder} | {p.Unexpected} |"));
                }
            }
        }

        return text.ToString();
    }

    private static string Ms(LatencySummary s) => s.Count == 0 ? "n/a" : Invariant($"{s.P50:0.#} / {s.P95:0.#} / {s.P99:0.#} / {s.Max:0.#} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
