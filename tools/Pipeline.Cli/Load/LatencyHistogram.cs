namespace Pipeline.Cli.Load;

/// <summary>
/// Latencies in logarithmic buckets 1 % wide, recorded lock-free from many senders: percentiles of millions of
/// requests in constant memory, and cheap enough to snapshot twice a second for the live view.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double SmallestMilliseconds = 0.01;
    private const double Growth = 1.01;
    private const int BucketCount = 1900; // 0.01 ms × 1.01^1900 ≈ 16 min: longer than any request may take.
    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly long[] buckets = new long[BucketCount];
    private long count;
    private double maxMilliseconds;

    public long Count => Interlocked.Read(ref count);

    public double MaxMilliseconds => Volatile.Read(ref maxMilliseconds);

    public void Record(double milliseconds)
    {
        var index = milliseconds <= SmallestMilliseconds ? 0 : Math.Min(BucketCount - 1, 1 + (int)(Math.Log(milliseconds / SmallestMilliseconds) / LogGrowth));
        Interlocked.Increment(ref buckets[index]);
        Interlocked.Increment(ref count);
        double seen;
        while (milliseconds > (seen = Volatile.Read(ref maxMilliseconds)) && Interlocked.CompareExchange(ref maxMilliseconds, milliseconds, seen) != seen)
        {
        }
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of recordings fall (upper edge of its bucket); 0 when empty.</summary>
    public double Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var target = (long)Math.Ceiling(total * percentile / 100);
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref buckets[i]);
            if (seen >= target)
            {
                return Math.Min(UpperEdge(i), MaxMilliseconds);
            }
        }

        return MaxMilliseconds;
    }

    /// <summary>Copies the current counts, so a later <see cref="Since"/> gives the latencies of one interval.</summary>
    public LatencyHistogram Snapshot()
    {
        var copy = new LatencyHistogram();
        for (var i = 0; i < BucketCount; i++)
        {
            copy.buckets[i] = Interlocked.Read(ref buckets[i]);
        }

        copy.count = Count;
        copy.maxMilliseconds = MaxMilliseconds;
        return copy;
    }

    /// <summary>The recordings made after <paramref name="earlier"/> was snapshotted (max is the whole run's).</summary>
    public LatencyHistogram Since(LatencyHistogram earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var delta = new LatencyHistogram();
        for (var i = 0; i < BucketCount; i++)
        {
            delta.buckets[i] = Interlocked.Read(ref buckets[i]) - earlier.buckets[i];
        }

        delta.count = Count - earlier.count;
        delta.maxMilliseconds = MaxMilliseconds;
        return delta;
    }

    public LatencySummary Summary() => new(Count, Percentile(50), Percentile(95), Percentile(99), MaxMilliseconds);

    private static double UpperEdge(int index) => index == 0 ? SmallestMilliseconds : SmallestMilliseconds * Math.Pow(Growth, index);
}

/// <summary>A latency distribution in the few numbers reports show.</summary>
internal sealed record LatencySummary(long Count, double P50, double P95, double P99, double Max);
