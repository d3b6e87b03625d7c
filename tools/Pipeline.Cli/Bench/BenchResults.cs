using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Cli.Bench;

/// <summary>The per-instance figures `pipeline plan` sizes a deployment from.</summary>
internal sealed record PlannerFigures(double ProjectorEventsPerSecond, double IngestEventsPerSecond, double RuPerEvent);

/// <summary>Everything one `pipeline bench` run measured, with the machine's load: written as JSON, a Markdown table and an SVG plot.</summary>
internal sealed record BenchResults
{
    public const double EndToEndTarget = 10_000;
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public required DateTimeOffset MeasuredAt { get; init; }

    public required string Command { get; init; }

    public required string? LoadAverageAtStart { get; init; }

    public string? LoadAverageAtEnd { get; init; }

    public double WallSeconds { get; init; }

    public BrokerFigures? BrokerOurs { get; init; }

    public BrokerFigures? BrokerJs { get; init; }

    public string? BrokerJsError { get; init; }

    public ProjectorFigures? ProjectorOurs { get; init; }

    public ProjectorFigures? ProjectorNaive { get; init; }

    public LoadCurve? Ingest { get; init; }

    public LoadCurve? EndToEnd { get; init; }

    public PlannerFigures? Planner => ProjectorOurs is { EventsPerSecond: > 0 } projector
        ? new PlannerFigures(Math.Round(projector.EventsPerSecond), Math.Round(Ingest?.MaxEventsPerSecond ?? projector.EventsPerSecond), Math.Round(projector.RuPerEvent, 2))
        : null;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(F($"`{Command}` — {MeasuredAt:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverageAtStart} at start, {LoadAverageAtEnd} at end, {WallSeconds:0} s."));
        text.AppendLine();
        text.AppendLine("| Bench | Measure | Ours | Compared with | Ratio |");
        text.AppendLine("|---|---|---:|---:|---:|");
        if (BrokerOurs is { } ours)
        {
            var js = BrokerJs;
            Row(text, "Broker only (client ↔ Event Hubs emulator, 1 KB)", "send events/s", ours.SendEventsPerSecond, js?.SendEventsPerSecond, "JS SDK");
            Row(text, string.Empty, "receive events/s", ours.ReceiveEventsPerSecond, js?.ReceiveEventsPerSecond, "JS SDK");
            text.AppendLine(F($"| | single-event send p50 / p99 ms | {ours.SendP50Ms:0.##} / {ours.SendP99Ms:0.##} | {(js is null ? "—" : F($"{js.SendP50Ms:0.##} / {js.SendP99Ms:0.##} (JS SDK)"))} | |"));
            Row(text, string.Empty, "events per CPU-second (client + emulator)", ours.EventsPerCpuSecond, js?.EventsPerCpuSecond, "JS SDK");
            if (BrokerJsError is { } error)
            {
                text.AppendLine($"| | JS SDK | — | {error.ReplaceLineEndings(" ")} | |");
            }
        }

        if (ProjectorOurs is { } projector && ProjectorNaive is { } naive)
        {
            Row(text, "Projector only (Event Hubs → Cosmos DB state)", "events/s", projector.EventsPerSecond, naive.EventsPerSecond, "upsert per event");
            Row(text, string.Empty, "RU per event", projector.RuPerEvent, naive.RuPerEvent, "upsert per event", lowerIsBetter: true);
            Row(text, string.Empty, "writes per event", projector.WritesPerEvent, naive.WritesPerEvent, "upsert per event", lowerIsBetter: true);
            Row(text, string.Empty, "events per CPU-second (projector + emulators)", projector.EventsPerCpuSecond, naive.EventsPerCpuSecond, "upsert per event");
        }

        if (Ingest is { } ingest)
        {
            Row(text, "Ingest only (HTTP → Event Hubs accepted)", "sustained events/s (nothing refused)", ingest.MaxEventsPerSecond, null, null);
            CurveRows(text, ingest);
        }

        if (EndToEnd is { } e2e)
        {
            Row(text, "End to end (POST → state visible)", "sustained events/s", e2e.MaxEventsPerSecond, EndToEndTarget, "target");
            CurveRows(text, e2e);
        }

        foreach (var curve in new[] { Ingest, EndToEnd })
        {
            if (curve is not null)
            {
                CpuTable(text, curve);
            }
        }

        return text.ToString();
    }

    public string ToSvg()
    {
        var curves = new[] { Ingest, EndToEnd }.Where(c => c is not null).Select(c => c!).ToList();
        var throughput = curves.Select(c => new ChartSeries(c.Name + " achieved", [.. c.Points.Select(p => (p.OfferedEventsPerSecond, p.AchievedEventsPerSecond))])).ToList();
        var latency = curves.SelectMany(c => new[]
        {
            new ChartSeries(c.Name + " p50", [.. c.Points.Select(p => (p.OfferedPercent, p.P50Ms))]),
            new ChartSeries(c.Name + " p99", [.. c.Points.Select(p => (p.OfferedPercent, p.P99Ms))]),
        }).ToList();
        return SvgChart.Render(
            F($"pipeline bench, {MeasuredAt:yyyy-MM-dd}, {Environment.ProcessorCount} cores, load average {LoadAverageAtStart}"),
            [
                new ChartPanel("Throughput vs offered load", "offered events/s", "achieved events/s", throughput),
                new ChartPanel("Latency vs offered load", "offered load, % of measured max", "latency ms", latency),
            ]);
    }

    private static void CurveRows(StringBuilder text, LoadCurve curve)
    {
        foreach (var point in curve.Points)
        {
            text.AppendLine(F($"| | p50 / p95 / p99 ms at {point.OfferedPercent:0} % ({point.OfferedEventsPerSecond:N0} events/s offered, {point.AchievedEventsPerSecond:N0} achieved{(point.Errors > 0 ? F($", {point.Errors:N0} failed") : string.Empty)}) | {point.P50Ms:0.#} / {point.P95Ms:0.#} / {point.P99Ms:0.#} | | |"));
        }
    }

    /// <summary>Where the CPU went at each point of a curve: µs of CPU per event accepted (and CPU-seconds) per process.</summary>
    private static void CpuTable(StringBuilder text, LoadCurve curve)
    {
        var points = curve.Points.Where(p => p.Cpu is { Count: > 0 }).ToList();
        if (points.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine(F($"CPU by process, {curve.Name} (µs of CPU per event accepted, CPU-seconds in brackets; each phase includes draining):"));
        text.AppendLine();
        text.AppendLine("| Process | " + string.Join(" | ", points.Select(p => F($"{p.OfferedPercent:0} % ({p.OfferedEventsPerSecond:N0} events/s)"))) + " |");
        text.AppendLine("|---|" + string.Concat(points.Select(_ => "---:|")));
        foreach (var process in points[0].Cpu!.Select(c => c.Process))
        {
            text.AppendLine(F($"| {process} | ") + string.Join(" | ", points.Select(p => p.Cpu!.FirstOrDefault(c => c.Process == process) is { } c ? F($"{c.MicrosecondsPerEvent:N1} ({c.CpuSeconds:0.##})") : "—")) + " |");
        }

        text.AppendLine("| **whole stack** | " + string.Join(" | ", points.Select(p => F($"**{p.Cpu!.Sum(c => c.MicrosecondsPerEvent):N1}** ({p.Cpu!.Sum(c => c.CpuSeconds):0.##})"))) + " |");
    }

    private static void Row(StringBuilder text, string bench, string measure, double ours, double? other, string? otherName, bool lowerIsBetter = false)
    {
        var comparison = other is { } o ? F($"{Number(o)} ({otherName})") : "—";
        var ratio = other is { } value && value > 0 && ours > 0 ? F($"{(lowerIsBetter ? value / ours : ours / value):0.##}× {(lowerIsBetter ? "less" : string.Empty)}").TrimEnd() : string.Empty;
        text.AppendLine($"{(bench.Length == 0 ? "| |" : $"| {bench} |")} {measure} | {Number(ours)} | {comparison} | {ratio} |");
    }

    private static string Number(double value) => value >= 100 ? F($"{value:N0}") : F($"{value:0.###}");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
