using System.Xml.Linq;
using Pipeline.Cli.Bench;
using Pipeline.Cli.Plan;

namespace Pipeline.Cli.Tests;

public class BenchReportTests
{
    private static BenchResults Sample() => new()
    {
        MeasuredAt = new DateTimeOffset(2026, 11, 23, 16, 0, 0, TimeSpan.Zero),
        Command = "pipeline bench",
        LoadAverageAtStart = "1.00 1.00 1.00 on 2 cores",
        ProjectorOurs = new ProjectorFigures("ours", 20_000, 2_500, 1.8, 0.3, 3_000),
        ProjectorNaive = new ProjectorFigures("naive", 20_000, 1_000, 7.9, 1, 1_200),
        Ingest = new LoadCurve("ingest", 9_000, "request", [new CurvePoint(25, 2_250, 2_250, 10, 20, 30, 0), new CurvePoint(50, 4_500, 4_500, 12, 25, 40, 0)]),
        EndToEnd = new LoadCurve("end to end", 3_000, "visible", [new CurvePoint(25, 750, 750, 200, 400, 600, 0)]),
    };

    [Fact]
    public void The_bench_file_feeds_the_planner_with_the_projector_rate_the_ingest_maximum_and_RU_per_event()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "latest.json");
        File.WriteAllText(path, Sample().ToJson());

        var measured = MeasuredThroughput.TryLoad(path);

        Assert.NotNull(measured);
        Assert.Equal((2_500, 9_000, 1.8), (measured.ProjectorEventsPerSecond, measured.IngestEventsPerSecond, measured.RuPerEvent));
    }

    [Fact]
    public void The_table_compares_side_by_side_with_ratios()
    {
        var markdown = Sample().ToMarkdown();

        Assert.Contains("| Projector only (Event Hubs → Cosmos DB state) | events/s | 2,500 | 1,000 (upsert per event) | 2.5× |", markdown, StringComparison.Ordinal);
        Assert.Contains("| | RU per event | 1.8 | 7.9 (upsert per event) | 4.39× less |", markdown, StringComparison.Ordinal);
        Assert.Contains("sustained events/s | 3,000 | 10,000 (target) | 0.3× |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plot_is_well_formed_SVG_with_a_line_per_series()
    {
        var svg = XDocument.Parse(Sample().ToSvg());
        XNamespace ns = "http://www.w3.org/2000/svg";

        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Equal(2 + 4, svg.Descendants(ns + "polyline").Count());   // throughput: ingest, e2e; latency: p50 and p99 of each
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Latency vs offered load");
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.5, 2)]
    [InlineData(3, 5)]
    [InlineData(9_000, 10_000)]
    [InlineData(12_000, 20_000)]
    public void Axes_end_on_round_numbers(double max, double axis)
    {
        Assert.Equal(axis, SvgChart.NiceCeiling(max));
    }
}
