namespace Pipeline.Cli.Plan;

/// <summary>How close one part of the deployment is to the limit of a single unit of it (one namespace, one app, one stack, one link).</summary>
/// <param name="Component">The part.</param>
/// <param name="Ratio">Demand divided by what one unit can take (unrounded, so parts compare fairly); above 1 means more units (namespaces, apps, stacks, links).</param>
/// <param name="Why">The demand and the limit, in words.</param>
internal sealed record Pressure(string Component, double Ratio, string Why);

/// <summary>Everything needed to deploy the pipeline for one size, per region unless the name says total.</summary>
internal sealed record CapacityPlan
{
    public required CapacityInputs Inputs { get; init; }

    public required MeasuredThroughput Throughput { get; init; }

    public required double TotalEventsPerSecond { get; init; }

    public required double EventsPerSecondPerRegion { get; init; }

    public required double IngressBytesPerSecondPerRegion { get; init; }

    /// <summary>Bytes/s read back out of Event Hubs per region (every consumer group reads every event).</summary>
    public required double EgressBytesPerSecondPerRegion { get; init; }

    /// <summary>"Standard" or "Premium".</summary>
    public required string EventHubsTier { get; init; }

    /// <summary>Throughput units (Standard) or processing units (Premium) needed per region, before splitting into namespaces.</summary>
    public required int EventHubsUnitsPerRegion { get; init; }

    public required int NamespacesPerRegion { get; init; }

    public required int UnitsPerNamespace { get; init; }

    public required int PartitionsPerHub { get; init; }

    public required int ProjectorInstancesPerRegion { get; init; }

    public required int IngestInstancesPerRegion { get; init; }

    /// <summary>Flex Consumption apps per region (each scales to at most 1 000 instances).</summary>
    public required int FunctionAppsPerRegion { get; init; }

    /// <summary>Cosmos DB RU/s for the writes (provisioned in every region of the account).</summary>
    public required double CosmosRuPerSecond { get; init; }

    public required int CosmosPhysicalPartitions { get; init; }

    /// <summary>Bytes per day of events before compression (all regions' traffic); the archive stores them again, gzip-compressed.</summary>
    public required double StorageBytesPerDay { get; init; }

    public required int LinksPerRegion { get; init; }

    public required IReadOnlyList<Pressure> Pressures { get; init; }

    /// <summary>The part that reaches its single-unit limit first as traffic grows toward this size.</summary>
    public Pressure Bottleneck => Pressures.MaxBy(p => p.Ratio)!;

    public int TotalFunctionInstancesPerRegion => ProjectorInstancesPerRegion + IngestInstancesPerRegion;
}
