namespace Pipeline.Cli.Dev.Dashboard;

/// <summary>
/// Turns successive scrapes into chart points: counter increases over a short window become rates, histogram bucket
/// increases over a longer one become percentiles. Keeps the last <see cref="Capacity"/> points. Thread-safe.
/// </summary>
public sealed class DashboardSeries
{
    public const int Capacity = 300;

    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan QuantileWindow = TimeSpan.FromSeconds(15);

    private readonly Lock sync = new();
    private readonly LinkedList<MetricsScrape> scrapes = new();
    private readonly LinkedList<DashboardPoint> points = new();

    /// <summary>The last scrape's failure, cleared by the next success.</summary>
    public string? LastError { get; private set; }

    public IReadOnlyList<DashboardPoint> Points
    {
        get
        {
            lock (sync)
            {
                return [.. points];
            }
        }
    }

    public void Failed(string error)
    {
        lock (sync)
        {
            LastError = error;
        }
    }

    public void Add(MetricsScrape scrape)
    {
        ArgumentNullException.ThrowIfNull(scrape);
        lock (sync)
        {
            LastError = null;
            scrapes.AddLast(scrape);
            while (scrapes.Count > 2 && scrape.Time - scrapes.First!.Next!.Value.Time >= QuantileWindow)
            {
                scrapes.RemoveFirst();
            }

            if (scrapes.Count < 2)
            {
                return;
            }

            var rateBase = Earliest(scrape, RateWindow);
            var quantileBase = scrapes.First!.Value;
            points.AddLast(Compute(rateBase, quantileBase, scrape));
            if (points.Count > Capacity)
            {
                points.RemoveFirst();
            }
        }
    }

    private MetricsScrape Earliest(MetricsScrape latest, TimeSpan window)
    {
        var node = scrapes.Last!.Previous!;
        while (node.Previous is not null && latest.Time - node.Value.Time < window)
        {
            node = node.Previous;
        }

        return node.Value;
    }

    private static DashboardPoint Compute(MetricsScrape rateBase, MetricsScrape quantileBase, MetricsScrape now)
    {
        var seconds = Math.Max(0.001, (now.Time - rateBase.Time).TotalSeconds);
        // A restarted handler starts its counters at zero again; a rate across that restart is not negative, just unknown.
        double Rate(Func<MetricsScrape, double> total) => Math.Max(0, total(now) - total(rateBase)) / seconds;
        double? Ms(double? secondsValue) => secondsValue * 1000;

        const string ingest = "pipeline_ingest_events_total";
        const string postToApplied = "pipeline_e2e_post_to_applied";
        return new DashboardPoint(
            now.Time.ToUnixTimeMilliseconds(),
            Rate(s => s.Total(ingest, x => x.Label("outcome") == "accepted")),
            Rate(s => s.Total(ingest, x => x.Label("outcome") == "rejected")),
            Rate(s => s.Total(ingest, x => x.Label("outcome") is "throttled" or "unavailable" or "too_large")),
            Ms(HistogramQuantile.Estimate(0.50, quantileBase.Buckets(postToApplied), now.Buckets(postToApplied))),
            Ms(HistogramQuantile.Estimate(0.95, quantileBase.Buckets(postToApplied), now.Buckets(postToApplied))),
            Ms(HistogramQuantile.Estimate(0.99, quantileBase.Buckets(postToApplied), now.Buckets(postToApplied))),
            Ms(HistogramQuantile.Estimate(0.95, quantileBase.Buckets("pipeline_projector_enqueued_to_applied"), now.Buckets("pipeline_projector_enqueued_to_applied"))),
            Ms(HistogramQuantile.Estimate(0.95, quantileBase.Buckets("pipeline_eventhubs_send_duration"), now.Buckets("pipeline_eventhubs_send_duration"))),
            now.GaugeBy("pipeline_projector_lag", "partition"),
            Rate(s => s.HistogramSum("pipeline_cosmos_request_charge")),
            Rate(s => s.Total("pipeline_cosmos_throttled_total")),
            Rate(s => s.Total("pipeline_deadletters_total")),
            Rate(s => s.Total("pipeline_duplicates_skipped_total")));
    }
}
