namespace Pipeline.Cli.Dev.Dashboard;

/// <summary>
/// Estimates a quantile from the increase of cumulative histogram buckets between two scrapes, interpolating linearly
/// within the bucket the rank falls in (as PromQL's <c>histogram_quantile</c> does).
/// </summary>
public static class HistogramQuantile
{
    /// <summary>The quantile <paramref name="q"/> (0–1) of what was observed between the scrapes; null when nothing was.</summary>
    public static double? Estimate(double q, SortedDictionary<double, double> earlier, SortedDictionary<double, double> later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var bounds = later.Keys.ToList();
        if (bounds.Count == 0)
        {
            return null;
        }

        var counts = bounds.Select(b => Math.Max(0, later[b] - earlier.GetValueOrDefault(b))).ToList();
        var total = counts[^1];
        if (total <= 0)
        {
            return null;
        }

        var rank = q * total;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (counts[i] >= rank)
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                var below = i == 0 ? 0 : counts[i - 1];
                if (double.IsPositiveInfinity(bounds[i]))
                {
                    // Beyond the last finite bound nothing is known but that it is at least that.
                    return lower;
                }

                var inBucket = counts[i] - below;
                return inBucket <= 0 ? bounds[i] : lower + ((bounds[i] - lower) * (rank - below) / inBucket);
            }
        }

        return bounds[^1];
    }
}
