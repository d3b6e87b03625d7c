using Pipeline.Cli.Dev.Dashboard;

namespace Pipeline.Functions.Tests;

public sealed class DashboardSeriesTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Prometheus_text_parses_names_labels_escapes_and_special_values()
    {
        var samples = PrometheusText.Parse("""
            # TYPE pipeline_ingest_events_total counter
            pipeline_ingest_events_total{outcome="accepted",reason="none",note="a \"quoted\" value"} 42 1700000000000
            pipeline_e2e_post_to_applied_seconds_bucket{le="+Inf"} 7
            pipeline_projector_lag{partition="3"} 1.5e3

            not a sample line
            """);

        Assert.Equal(3, samples.Count);
        Assert.Equal("accepted", samples[0].Label("outcome"));
        Assert.Equal("a \"quoted\" value", samples[0].Label("note"));
        Assert.Equal(42, samples[0].Value);
        Assert.Equal("+Inf", samples[1].Label("le"));
        Assert.Equal(1500, samples[2].Value);
    }

    [Fact]
    public void A_quantile_interpolates_within_the_bucket_its_rank_falls_in()
    {
        var earlier = new SortedDictionary<double, double> { [0.1] = 10, [1] = 10, [double.PositiveInfinity] = 10 };
        var later = new SortedDictionary<double, double> { [0.1] = 10, [1] = 110, [double.PositiveInfinity] = 110 };

        // All 100 new observations lie in (0.1, 1]: the median is half way through that bucket.
        Assert.Equal(0.55, HistogramQuantile.Estimate(0.5, earlier, later)!.Value, 6);
        Assert.Null(HistogramQuantile.Estimate(0.5, later, later));
    }

    [Fact]
    public void Counter_increases_become_rates_and_a_restarted_counter_is_never_a_negative_rate()
    {
        var series = new DashboardSeries();
        series.Add(Scrape(0, accepted: 50, requestUnits: 0));
        series.Add(Scrape(1, accepted: 150, requestUnits: 50));
        series.Add(Scrape(2, accepted: 5, requestUnits: 1));

        var points = series.Points;
        Assert.Equal(2, points.Count);
        Assert.Equal(100, points[0].AcceptedPerSecond, 6);
        Assert.Equal(50, points[0].RequestUnitsPerSecond, 6);
        Assert.Equal("12", points[0].LagByPartition["0"].ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, points[1].AcceptedPerSecond);
    }

    private static MetricsScrape Scrape(int second, double accepted, double requestUnits) => new(
        Start.AddSeconds(second),
        PrometheusText.Parse($"""
            pipeline_ingest_events_total{"{"}outcome="accepted",reason="none"{"}"} {accepted}
            pipeline_cosmos_request_charge_sum{"{"}operation="replace"{"}"} {requestUnits}
            pipeline_projector_lag{"{"}partition="0"{"}"} 12
            """));
}
