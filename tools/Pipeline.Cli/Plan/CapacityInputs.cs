namespace Pipeline.Cli.Plan;

/// <summary>The size to plan for: how many users, how much each sends, how big an event is, and how many regions share the load.</summary>
/// <param name="Users">Concurrent users.</param>
/// <param name="EventsPerUserPerSecond">Events each user produces per second (the seeds' table implies 10).</param>
/// <param name="EventBytes">Bytes per event as sent (CloudEvent JSON).</param>
/// <param name="Regions">Regions with a regional stack; traffic is split evenly between them.</param>
internal sealed record CapacityInputs(long Users, double EventsPerUserPerSecond = CapacityInputs.SeedEventsPerUserPerSecond, int EventBytes = CapacityInputs.SeedEventBytes, int Regions = 1)
{
    /// <summary>The seeds' table: 100 users ≈ 1K events/s, 10K ≈ 100K, 1M ≈ 10M, 100M ≈ 1B — ten events per user per second.</summary>
    public const double SeedEventsPerUserPerSecond = 10;

    /// <summary>The seeds count 1 KB as 1 000 bytes: 100 000 events/s × 1 KB ≈ 100 MB/s ≈ 8.6 TB/day.</summary>
    public const int SeedEventBytes = 1000;

    /// <summary>The seeds' four tiers.</summary>
    public static IReadOnlyList<long> SeedTiers { get; } = [100, 10_000, 1_000_000, 100_000_000];

    /// <summary>Throws when an input cannot describe real traffic.</summary>
    public void Validate()
    {
        if (Users < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Users), Users, "--users must be at least 1.");
        }

        if (!double.IsFinite(EventsPerUserPerSecond) || EventsPerUserPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EventsPerUserPerSecond), EventsPerUserPerSecond, "--events-per-user-per-sec must be a positive number.");
        }

        if (EventBytes < 1 || EventBytes > ServiceLimits.StandardMaxEventBytes.Value)
        {
            throw new ArgumentOutOfRangeException(nameof(EventBytes), EventBytes, $"--event-bytes must be from 1 to {ServiceLimits.StandardMaxEventBytes.Value:0} (the Event Hubs event size limit).");
        }

        if (Regions < 1 || Regions > RegionNames.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(Regions), Regions, $"--regions must be from 1 to {RegionNames.Count}.");
        }
    }

    /// <summary>Azure regions the plan's Pulumi stacks are named after, in the order they are used.</summary>
    public static IReadOnlyList<string> RegionNames { get; } =
        ["westeurope", "eastus", "southeastasia", "australiaeast", "brazilsouth", "japaneast", "centralindia", "uksouth", "canadacentral", "westus2", "northeurope", "koreacentral"];
}
