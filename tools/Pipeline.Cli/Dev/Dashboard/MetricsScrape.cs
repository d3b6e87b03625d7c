namespace Pipeline.Cli.Dev.Dashboard;

/// <summary>
/// One scrape of the function app's Prometheus endpoint, with the queries the dashboard asks of it: counter totals and
/// histogram buckets by metric name prefix (the exporter appends unit suffixes and <c>_total</c>, <c>_bucket</c>…).
/// </summary>
public sealed class MetricsScrape(DateTimeOffset time, IReadOnlyList<PrometheusSample> samples)
{
    public DateTimeOffset Time { get; } = time;

    public IReadOnlyList<PrometheusSample> Samples { get; } = samples;

    /// <summary>The sum of every sample of a counter (all label sets), optionally filtered by labels.</summary>
    public double Total(string counter, Func<PrometheusSample, bool>? where = null) =>
        Samples.Where(s => s.Name == counter && (where is null || where(s))).Sum(s => s.Value);

    /// <summary>A histogram's <c>_sum</c> over all label sets; the name may carry a unit suffix.</summary>
    public double HistogramSum(string histogram) =>
        Samples.Where(s => s.Name.StartsWith(histogram, StringComparison.Ordinal) && s.Name.EndsWith("_sum", StringComparison.Ordinal)).Sum(s => s.Value);

    /// <summary>A histogram's cumulative bucket counts by upper bound, summed over all other labels.</summary>
    public SortedDictionary<double, double> Buckets(string histogram)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var sample in Samples)
        {
            if (sample.Name.StartsWith(histogram, StringComparison.Ordinal) && sample.Name.EndsWith("_bucket", StringComparison.Ordinal)
                && sample.Label("le") is { } le
                && double.TryParse(le == "+Inf" ? "Infinity" : le, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var bound))
            {
                buckets[bound] = buckets.GetValueOrDefault(bound) + sample.Value;
            }
        }

        return buckets;
    }

    /// <summary>The gauge's value per value of one label.</summary>
    public SortedDictionary<string, double> GaugeBy(string gauge, string label)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in Samples.Where(s => s.Name == gauge))
        {
            values[sample.Label(label) ?? string.Empty] = sample.Value;
        }

        return values;
    }
}
