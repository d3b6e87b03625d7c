using Pipeline.Cli.Load;

namespace Pipeline.Cli.Tests;

public class ZipfSamplerTests
{
    [Fact]
    public void With_exponent_one_the_top_rank_gets_one_over_the_harmonic_number()
    {
        var sampler = new ZipfSampler(1000, 1.0);
        var harmonic = Enumerable.Range(1, 1000).Sum(k => 1.0 / k);

        Assert.Equal(1 / harmonic, sampler.Probability(0), precision: 9);
        Assert.Equal(2.0, sampler.Probability(0) / sampler.Probability(1), precision: 9);
    }

    [Fact]
    public void Draws_follow_the_distribution()
    {
        var sampler = new ZipfSampler(1000, 1.0);
        var random = new Random(7);
        var counts = new int[1000];
        const int Draws = 200_000;
        for (var i = 0; i < Draws; i++)
        {
            counts[sampler.Next(random)]++;
        }

        Assert.InRange(counts[0] / (double)Draws, sampler.Probability(0) - 0.005, sampler.Probability(0) + 0.005);
        Assert.InRange(counts[0] / (double)counts[1], 1.8, 2.2);
        Assert.InRange(counts[0] / (double)counts[9], 8.5, 11.5);
        Assert.True(counts.Take(10).Sum() > counts.Skip(500).Sum(), "the top 10 of 1 000 outdraw the bottom 500");
        Assert.True(counts[999] > 0 || counts.Skip(900).Sum() > 0, "the long tail is drawn too");
    }

    [Fact]
    public void Exponent_zero_is_uniform()
    {
        var sampler = new ZipfSampler(4, 0);

        Assert.All(Enumerable.Range(0, 4), rank => Assert.Equal(0.25, sampler.Probability(rank), precision: 12));
    }

    [Fact]
    public void Every_draw_is_a_valid_rank()
    {
        var sampler = new ZipfSampler(3, 2.5);
        var random = new Random(1);

        Assert.All(Enumerable.Range(0, 10_000).Select(_ => sampler.Next(random)), rank => Assert.InRange(rank, 0, 2));
    }

    [Fact]
    public void A_negative_exponent_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZipfSampler(10, -1));
    }
}
