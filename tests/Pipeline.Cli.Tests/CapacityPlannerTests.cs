using Pipeline.Cli.Plan;

namespace Pipeline.Cli.Tests;

public class CapacityPlannerTests
{
    /// <summary>A projector fast enough that instances never decide the tier, with the seeds' ~8 RU per event.</summary>
    private static readonly MeasuredThroughput Fast = new(10_000, 10_000, 8, "test");

    private static CapacityPlan Plan(long users, double perUser = 10, int bytes = 1000, int regions = 1, MeasuredThroughput? throughput = null) =>
        CapacityPlanner.Plan(new CapacityInputs(users, perUser, bytes, regions), throughput ?? Fast);

    [Fact]
    public void Seed_example_100k_events_per_second_of_1KB_is_100_MB_per_second_and_8_6_TB_per_day()
    {
        var plan = Plan(users: 10_000);

        Assert.Equal(100_000, plan.TotalEventsPerSecond);
        Assert.Equal(100_000_000, plan.IngressBytesPerSecondPerRegion);
        Assert.Equal(8.64e12, plan.StorageBytesPerDay, precision: 0);
        Assert.Equal("8.64 TB", CapacityPlanner.Bytes(plan.StorageBytesPerDay));
    }

    [Theory]
    [InlineData(100_000_000, 1)]   // 100 MB/s fits one 1 Gbps link (125 MB/s)
    [InlineData(125_000_000, 1)]   // exactly one link
    [InlineData(250_000_000, 2)]
    public void A_1_Gbps_link_carries_125_MB_per_second(double bytesPerSecond, int links)
    {
        var plan = Plan(users: (long)(bytesPerSecond / 1000 / 10));

        Assert.Equal(links, plan.LinksPerRegion);
    }

    [Theory]
    [InlineData(100, 10, 1000, 1)]    // 1 000 events/s, 1 MB/s in, 2 MB/s out to two groups: exactly one TU
    [InlineData(1001, 1, 1000, 2)]    // one event over 1 000/s
    [InlineData(50, 10, 4000, 2)]     // 500 events/s but 2 MB/s in: bytes decide
    [InlineData(500, 10, 100, 5)]     // 5 000 small events/s: events decide
    public void A_Standard_throughput_unit_takes_1000_events_or_1_MB_per_second_in(long users, double perUser, int bytes, int expectedUnits)
    {
        var plan = Plan(users, perUser, bytes);

        Assert.Equal("Standard", plan.EventHubsTier);
        Assert.Equal(expectedUnits, plan.EventHubsUnitsPerRegion);
    }

    [Fact]
    public void Forty_throughput_units_is_the_most_a_Standard_namespace_has_then_the_plan_moves_to_Premium()
    {
        var standard = Plan(users: 4_000);           // 40 000 events/s of 1 KB = 40 TU
        var premium = Plan(users: 4_001);            // 40 010 events/s

        Assert.Equal(("Standard", 40, 1), (standard.EventHubsTier, standard.EventHubsUnitsPerRegion, standard.NamespacesPerRegion));
        Assert.Equal("Premium", premium.EventHubsTier);
        Assert.Equal(9, premium.EventHubsUnitsPerRegion);   // ceil(40.01 MB/s ÷ 5 MB/s per PU)
        Assert.Equal(1, premium.NamespacesPerRegion);
    }

    [Fact]
    public void Premium_namespaces_hold_16_processing_units_each()
    {
        var plan = Plan(users: 100_000);             // 1M events/s, 1 GB/s → 200 PU → 13 namespaces

        Assert.Equal(200, plan.EventHubsUnitsPerRegion);
        Assert.Equal(13, plan.NamespacesPerRegion);
        Assert.Equal(16, plan.UnitsPerNamespace);
    }

    [Fact]
    public void Function_instances_come_from_the_measured_per_instance_throughput()
    {
        var plan = Plan(users: 10_000, throughput: new MeasuredThroughput(5_000, 20_000, 8, "test"));

        Assert.Equal(20, plan.ProjectorInstancesPerRegion);  // 100 000 ÷ 5 000
        Assert.Equal(5, plan.IngestInstancesPerRegion);      // 100 000 ÷ 20 000
        Assert.True(plan.PartitionsPerHub >= plan.ProjectorInstancesPerRegion, "a trigger runs at most one instance per partition");
    }

    [Fact]
    public void More_projector_instances_than_a_Standard_hub_has_partitions_moves_to_Premium()
    {
        var plan = Plan(users: 2_000, throughput: new MeasuredThroughput(500, 500, 8, "test"));   // 20 000 events/s → 40 instances > 32 partitions

        Assert.Equal("Premium", plan.EventHubsTier);
        Assert.Equal(40, plan.PartitionsPerHub);
        Assert.Equal("Event Hubs partitions (consumer parallelism)", plan.Bottleneck.Component);
    }

    [Theory]
    [InlineData(100, 8, 8_000, 1)]          // 1 000 events/s × 8 RU
    [InlineData(10_000, 2.5, 250_000, 25)]  // 100 000 events/s × 2.5 RU: 10 000 RU/s per physical partition
    public void Cosmos_throughput_is_events_times_RU_per_event_in_10000_RU_partitions(long users, double ruPerEvent, double ru, int partitions)
    {
        var plan = Plan(users, throughput: new MeasuredThroughput(10_000, 10_000, ruPerEvent, "test"));

        Assert.Equal(ru, plan.CosmosRuPerSecond, precision: 6);
        Assert.Equal(partitions, plan.CosmosPhysicalPartitions);
    }

    [Fact]
    public void Regions_split_the_traffic_but_Cosmos_writes_are_the_total()
    {
        var plan = Plan(users: 10_000, regions: 4);

        Assert.Equal(25_000, plan.EventsPerSecondPerRegion);
        Assert.Equal(100_000 * 8, plan.CosmosRuPerSecond, precision: 6);
        Assert.Equal(25, plan.EventHubsUnitsPerRegion);
    }

    [Fact]
    public void At_100_users_the_broker_is_the_first_bottleneck_when_consumers_are_fast()
    {
        var plan = Plan(users: 100);

        Assert.Equal("Event Hubs namespace", plan.Bottleneck.Component);
        Assert.Equal(1.0 / 40, plan.Bottleneck.Ratio, precision: 6);
        Assert.Contains("40 TU", plan.Bottleneck.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Pulumi_commands_use_the_keys_and_ranges_infra_reads()
    {
        var lines = PulumiConfig.Commands(Plan(users: 100, regions: 2));

        Assert.Contains("pulumi config set --stack global pipeline:cosmosAutoscaleMaxRu 8000", lines);
        Assert.Contains("pulumi config set --stack global pipeline:regions '[\"westeurope\", \"eastus\"]'", lines);
        Assert.Contains("pulumi config set --stack eastus pipeline:eventHubsSku Standard", lines);
        Assert.Contains("pulumi config set --stack eastus pipeline:eventHubsCapacity 1", lines);
        Assert.Contains("pulumi config set --stack westeurope pipeline:partitions 4", lines);
        Assert.Contains("pulumi config set --stack westeurope pipeline:functionMaximumInstances 40", lines);   // infra's minimum
    }

    [Fact]
    public void Sizes_beyond_one_stack_say_how_many_stacks_they_need()
    {
        var lines = PulumiConfig.Commands(Plan(users: 1_000_000));   // 10M events/s

        Assert.Contains(lines, l => l.StartsWith("# One regional stack deploys one namespace", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("# 80,000,000 RU/s is more than one stack accepts", StringComparison.Ordinal));
        Assert.Contains("pulumi config set --stack global pipeline:cosmosAutoscaleMaxRu 1000000", lines);
    }

    [Fact]
    public void The_table_has_one_column_per_seed_tier()
    {
        var plans = CapacityInputs.SeedTiers.Select(n => Plan(n)).ToList();
        var table = PlanRenderer.Table(plans);

        Assert.StartsWith("| | 100 users | 10,000 users | 1,000,000 users | 100,000,000 users |", table, StringComparison.Ordinal);
        Assert.Contains("| Events/s (total) | 1,000 | 100,000 | 10,000,000 | 1,000,000,000 |", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 1000, 1)]
    [InlineData(10, 0, 1000, 1)]
    [InlineData(10, 10, 2_000_000, 1)]
    [InlineData(10, 10, 1000, 0)]
    public void Impossible_inputs_are_refused_with_the_option_name(long users, double perUser, int bytes, int regions)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Plan(users, perUser, bytes, regions));

        Assert.Contains("--", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_limit_names_its_source()
    {
        Assert.All(ServiceLimits.All, l => Assert.False(string.IsNullOrWhiteSpace(l.Source)));
        Assert.Equal(ServiceLimits.All.Count, ServiceLimits.All.Distinct().Count());
    }

    [Fact]
    public void Bench_figures_are_read_from_the_planner_section_of_a_bench_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "latest.json");
        File.WriteAllText(path, """{"measuredAt":"2026-11-23","planner":{"projectorEventsPerSecond":3200,"ingestEventsPerSecond":9000,"ruPerEvent":1.7}}""");

        var measured = MeasuredThroughput.TryLoad(path);

        Assert.NotNull(measured);
        Assert.Equal((3200, 9000, 1.7), (measured.ProjectorEventsPerSecond, measured.IngestEventsPerSecond, measured.RuPerEvent));
    }
}
