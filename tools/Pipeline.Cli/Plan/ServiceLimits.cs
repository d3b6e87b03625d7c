namespace Pipeline.Cli.Plan;

/// <summary>One published service limit or planning figure, with where it comes from, so every number the planner uses can be checked.</summary>
/// <param name="Name">What the figure limits, in words.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Source">The page or sample it is taken from.</param>
internal sealed record ServiceLimit(string Name, double Value, string Unit, string Source);

/// <summary>
/// The one table of limits the capacity planner reads (from shared/reference/limits-and-anchors.md). When Azure changes a
/// quota, this is the only place to edit; `pipeline plan --limits` prints it.
/// </summary>
internal static class ServiceLimits
{
    private const string EventHubsQuotas = "Microsoft Learn: Azure Event Hubs quotas and limits";
    private const string EventHubsPremium = "Microsoft Learn: Event Hubs Premium tier overview (planning figure: 5-10 MB/s in per PU; the planner takes the low end)";
    private const string CosmosQuotas = "Microsoft Learn: Azure Cosmos DB service quotas";
    private const string CosmosRequestUnits = "Microsoft Learn: Request Units in Azure Cosmos DB";
    private const string FunctionsScaling = "Microsoft Learn: Azure Functions target-based scaling and Flex Consumption plan";
    private const string StreamingAtScale = "Azure-Samples/streaming-at-scale, Event Hubs → Functions → Cosmos DB (10 000 msgs/s with 20 workers, ~8 RU per document)";
    private const string Seeds = "Seed scalability analysis (1 Gbps link ≈ 125 MB/s)";
    private const string InfraConfig = "infra/src/config.ts (the ranges the Pulumi program accepts)";

    public static readonly ServiceLimit StandardTuIngressEvents = new("Event Hubs Standard TU ingress", 1_000, "events/s", EventHubsQuotas);
    public static readonly ServiceLimit StandardTuIngressBytes = new("Event Hubs Standard TU ingress", 1_000_000, "bytes/s", EventHubsQuotas);
    public static readonly ServiceLimit StandardTuEgressEvents = new("Event Hubs Standard TU egress", 4_096, "events/s", EventHubsQuotas);
    public static readonly ServiceLimit StandardTuEgressBytes = new("Event Hubs Standard TU egress", 2_000_000, "bytes/s", EventHubsQuotas);
    public static readonly ServiceLimit StandardMaxUnits = new("Event Hubs Standard throughput units per namespace", 40, "TU", EventHubsQuotas);
    public static readonly ServiceLimit StandardMaxPartitions = new("Event Hubs Standard partitions per event hub", 32, "partitions", EventHubsQuotas);
    public static readonly ServiceLimit StandardMaxEventBytes = new("Event Hubs Standard maximum event or batch size", 1_048_576, "bytes", EventHubsQuotas);
    public static readonly ServiceLimit PremiumPuIngressBytes = new("Event Hubs Premium PU ingress (planning)", 5_000_000, "bytes/s", EventHubsPremium);
    public static readonly ServiceLimit PremiumPuIngressEvents = new("Event Hubs Premium PU ingress (planning, 1 KB events)", 5_000, "events/s", EventHubsPremium);
    public static readonly ServiceLimit PremiumMaxUnits = new("Event Hubs Premium processing units per namespace", 16, "PU", EventHubsQuotas);
    public static readonly ServiceLimit PremiumMaxPartitions = new("Event Hubs Premium partitions per event hub", 100, "partitions", EventHubsQuotas);
    public static readonly ServiceLimit ReceiversPerPartition = new("Event Hubs non-epoch receivers per consumer group and partition", 5, "receivers", EventHubsQuotas);
    public static readonly ServiceLimit CosmosRuPerPhysicalPartition = new("Cosmos DB throughput per physical partition", 10_000, "RU/s", CosmosQuotas);
    public static readonly ServiceLimit CosmosLogicalPartitionBytes = new("Cosmos DB storage per logical partition (one stream)", 20e9, "bytes", CosmosQuotas);
    public static readonly ServiceLimit CosmosPointReadRu = new("Cosmos DB point read of 1 KB", 1, "RU", CosmosRequestUnits);
    public static readonly ServiceLimit NaiveWriteRuPerEvent = new("Cosmos DB RU per event, one upsert per 1 KB event (default when no bench ran)", 8, "RU", StreamingAtScale);
    public static readonly ServiceLimit DefaultInstanceEventsPerSecond = new("Events/s one function instance projects (default when no bench ran)", 500, "events/s", StreamingAtScale);
    public static readonly ServiceLimit FlexMaxInstances = new("Flex Consumption instances per function app", 1_000, "instances", FunctionsScaling);
    public static readonly ServiceLimit LinkBytesPerSecond = new("1 Gbps network link", 125_000_000, "bytes/s", Seeds);
    public static readonly ServiceLimit AutoscaleMaxRu = new("Largest pipeline:cosmosAutoscaleMaxRu one stack accepts", 1_000_000, "RU/s", InfraConfig);
    public static readonly ServiceLimit ConsumerGroups = new("Consumer groups reading every event (projector, archive)", 2, "groups", "architecture.md: the pipeline's two subscribers");

    public static IReadOnlyList<ServiceLimit> All { get; } =
    [
        StandardTuIngressEvents, StandardTuIngressBytes, StandardTuEgressEvents, StandardTuEgressBytes, StandardMaxUnits, StandardMaxPartitions,
        StandardMaxEventBytes, PremiumPuIngressBytes, PremiumPuIngressEvents, PremiumMaxUnits, PremiumMaxPartitions, ReceiversPerPartition,
        CosmosRuPerPhysicalPartition, CosmosLogicalPartitionBytes, CosmosPointReadRu, NaiveWriteRuPerEvent, DefaultInstanceEventsPerSecond,
        FlexMaxInstances, LinkBytesPerSecond, AutoscaleMaxRu, ConsumerGroups,
    ];
}
