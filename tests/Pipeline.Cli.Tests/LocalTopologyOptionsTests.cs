using Pipeline.Cli.Load;

namespace Pipeline.Cli.Tests;

public sealed class LocalTopologyOptionsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(LocalTopologyOptions.DefaultPartitionCount)]
    [InlineData(LocalTopologyOptions.MaxPartitionCount)]
    public void A_partition_count_within_the_hub_limits_is_accepted(int count) =>
        Assert.Null(LocalTopologyOptions.PartitionCountProblem(count));

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData(LocalTopologyOptions.MaxPartitionCount + 1)]
    public void A_partition_count_outside_the_hub_limits_names_the_range(int count) =>
        Assert.Equal("--partitions must be between 1 and 32.", LocalTopologyOptions.PartitionCountProblem(count));
}
