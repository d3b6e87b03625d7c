using Pipeline.Cli.Load;

namespace Pipeline.Cli.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_one_percent()
    {
        var histogram = new LatencyHistogram();
        for (var ms = 1; ms <= 1000; ms++)
        {
            histogram.Record(ms);
        }

        Assert.InRange(histogram.Percentile(50), 500, 505.1);
        Assert.InRange(histogram.Percentile(99), 990, 1000);
        Assert.Equal(1000, histogram.MaxMilliseconds);
    }

    [Fact]
    public void An_interval_holds_only_what_was_recorded_after_the_snapshot()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(1);
        var before = histogram.Snapshot();
        histogram.Record(100);
        histogram.Record(100);

        var interval = histogram.Since(before);

        Assert.Equal(2, interval.Count);
        Assert.InRange(interval.Percentile(50), 99, 101.1);
    }
}
