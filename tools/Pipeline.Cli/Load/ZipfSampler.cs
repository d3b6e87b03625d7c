namespace Pipeline.Cli.Load;

/// <summary>
/// Draws stream ranks 0..n-1 with probability ∝ 1/(rank+1)^s, so a few titles and viewers are hot and most are cold,
/// as popularity is in media streaming. Thread-safe: the cumulative table is immutable and callers bring their Random.
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] cumulative;

    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!double.IsFinite(exponent) || exponent < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The Zipf exponent must be 0 or more.");
        }

        cumulative = new double[count];
        var sum = 0.0;
        for (var rank = 0; rank < count; rank++)
        {
            sum += 1 / Math.Pow(rank + 1, exponent);
            cumulative[rank] = sum;
        }

        for (var rank = 0; rank < count; rank++)
        {
            cumulative[rank] /= sum;
        }

        cumulative[^1] = 1;
    }

    public int Count => cumulative.Length;

    /// <summary>The probability of a rank: what a long run of <see cref="Next"/> converges to.</summary>
    public double Probability(int rank) => rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];

    public int Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return index >= 0 ? index : Math.Min(~index, cumulative.Length - 1);
    }
}
