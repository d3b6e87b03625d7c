using System.Text.Json;

namespace Pipeline.Cli.Plan;

/// <summary>
/// What `pipeline bench` measured on one instance (one process): how many events/s our projector and ingest handle and
/// how many RU an event costs. The planner sizes function instances and Cosmos DB throughput from it.
/// </summary>
/// <param name="ProjectorEventsPerSecond">Events/s one projector instance applied to Cosmos DB.</param>
/// <param name="IngestEventsPerSecond">Events/s one ingest instance accepted into Event Hubs.</param>
/// <param name="RuPerEvent">Request units our projector spent per event.</param>
/// <param name="Source">Where the figures come from (a bench file, or the published defaults).</param>
internal sealed record MeasuredThroughput(double ProjectorEventsPerSecond, double IngestEventsPerSecond, double RuPerEvent, string Source)
{
    /// <summary>The figures used when no bench has run: the streaming-at-scale sample's per-worker rate and RU per document.</summary>
    public static MeasuredThroughput Defaults { get; } = new(
        ServiceLimits.DefaultInstanceEventsPerSecond.Value,
        ServiceLimits.DefaultInstanceEventsPerSecond.Value,
        ServiceLimits.NaiveWriteRuPerEvent.Value,
        "defaults (" + ServiceLimits.DefaultInstanceEventsPerSecond.Source + ")");

    /// <summary>Reads the <c>planner</c> section of a `pipeline bench` JSON file; null when the file has none.</summary>
    public static MeasuredThroughput? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        if (!document.RootElement.TryGetProperty("planner", out var planner))
        {
            return null;
        }

        var projector = Number(planner, "projectorEventsPerSecond");
        var ingest = Number(planner, "ingestEventsPerSecond");
        var ru = Number(planner, "ruPerEvent");
        if (projector is not > 0 || ru is not > 0)
        {
            return null;
        }

        var measuredAt = document.RootElement.TryGetProperty("measuredAt", out var at) ? at.GetString() : null;
        return new MeasuredThroughput(projector.Value, ingest is > 0 ? ingest.Value : projector.Value, ru.Value, $"{path}{(measuredAt is null ? string.Empty : $" ({measuredAt})")}");
    }

    /// <summary>The newest bench figures: <c>.pipeline/bench/latest.json</c>, else the newest checked-in <c>docs/bench/*.json</c>, else the defaults.</summary>
    public static MeasuredThroughput Find(string? repositoryRoot)
    {
        if (repositoryRoot is null)
        {
            return Defaults;
        }

        var latest = TryLoad(Path.Combine(repositoryRoot, ".pipeline", "bench", "latest.json"));
        if (latest is not null)
        {
            return latest;
        }

        var docs = Path.Combine(repositoryRoot, "docs", "bench");
        var checkedIn = Directory.Exists(docs)
            ? Directory.EnumerateFiles(docs, "*.json").OrderDescending(StringComparer.Ordinal).Select(TryLoad).FirstOrDefault(m => m is not null)
            : null;
        return checkedIn ?? Defaults;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
