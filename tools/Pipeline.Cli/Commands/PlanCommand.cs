using System.CommandLine;
using Pipeline.Cli.Plan;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline plan`: a capacity plan for a number of users, sized from the limits table and what `pipeline bench` measured.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var users = new Option<long?>("--users") { Description = "Concurrent users to plan for." };
        var rate = new Option<double>("--events-per-user-per-sec") { Description = "Events each user sends per second (the seeds' table implies 10).", DefaultValueFactory = _ => CapacityInputs.SeedEventsPerUserPerSecond };
        var bytes = new Option<int>("--event-bytes") { Description = "Bytes per event.", DefaultValueFactory = _ => CapacityInputs.SeedEventBytes };
        var regions = new Option<int>("--regions") { Description = "Regions sharing the traffic (one regional stack each).", DefaultValueFactory = _ => 1 };
        var table = new Option<bool>("--table") { Description = "Print the seeds' four tiers (100, 10K, 1M, 100M users) side by side." };
        var limits = new Option<bool>("--limits") { Description = "Print the limits table the plan is computed from, with sources." };
        var bench = new Option<string?>("--bench") { Description = "A `pipeline bench` JSON file with measured throughput (default: .pipeline/bench/latest.json, else the newest docs/bench/*.json)." };
        var command = new Command("plan", "Capacity plan: Event Hubs tier and units, partitions, function instances, Cosmos DB RU/s, storage, bandwidth, the first bottleneck and the Pulumi config.")
        {
            users, rate, bytes, regions, table, limits, bench,
        };
        command.SetAction(result =>
        {
            var throughput = result.GetValue(bench) is { } path
                ? MeasuredThroughput.TryLoad(path) ?? MeasuredThroughput.Defaults
                : MeasuredThroughput.Find(RepositoryLocator.Find());
            try
            {
                if (result.GetValue(limits))
                {
                    Console.Write(PlanRenderer.Limits());
                    return 0;
                }

                if (result.GetValue(table))
                {
                    var plans = CapacityInputs.SeedTiers
                        .Select(n => CapacityPlanner.Plan(new CapacityInputs(n, result.GetValue(rate), result.GetValue(bytes), result.GetValue(regions)), throughput))
                        .ToList();
                    Console.WriteLine($"Capacity plans for the seeds' tiers; throughput from {throughput.Source}");
                    Console.WriteLine();
                    Console.Write(PlanRenderer.Table(plans));
                    return 0;
                }

                if (result.GetValue(users) is not { } count)
                {
                    Console.Error.WriteLine("error: give --users N (or --table for the seeds' four tiers).");
                    return 2;
                }

                Console.Write(PlanRenderer.Single(CapacityPlanner.Plan(new CapacityInputs(count, result.GetValue(rate), result.GetValue(bytes), result.GetValue(regions)), throughput)));
                return 0;
            }
            catch (ArgumentOutOfRangeException invalid)
            {
                Console.Error.WriteLine($"error: {invalid.Message.Split(" (Parameter", 2)[0]}");
                return 2;
            }
        });
        return command;
    }
}
