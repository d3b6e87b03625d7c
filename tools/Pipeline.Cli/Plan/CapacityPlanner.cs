using System.Globalization;

namespace Pipeline.Cli.Plan;

/// <summary>
/// Turns a size (users × events per user × bytes, over regions) into Event Hubs units and partitions, function
/// instances, Cosmos DB RU/s and partitions, storage and bandwidth, using only <see cref="ServiceLimits"/> and the
/// throughput `pipeline bench` measured.
/// </summary>
internal static class CapacityPlanner
{
    /// <summary>Partitions a hub starts with even at tiny sizes: the infra default, and room for a few consumers.</summary>
    public const int MinimumPartitions = 4;

    public static CapacityPlan Plan(CapacityInputs inputs, MeasuredThroughput throughput)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(throughput);
        inputs.Validate();

        var totalEvents = inputs.Users * inputs.EventsPerUserPerSecond;
        var events = totalEvents / inputs.Regions;
        var ingress = events * inputs.EventBytes;
        var consumerGroups = ServiceLimits.ConsumerGroups.Value;
        var egress = ingress * consumerGroups;

        // Standard first: a TU caps both events and bytes, in and out; the largest of the four decides.
        var exactUnits = Math.Max(
            Math.Max(events / ServiceLimits.StandardTuIngressEvents.Value, ingress / ServiceLimits.StandardTuIngressBytes.Value),
            Math.Max(events * consumerGroups / ServiceLimits.StandardTuEgressEvents.Value, egress / ServiceLimits.StandardTuEgressBytes.Value));
        var standardUnits = CeilingAtLeastOne(exactUnits);
        var exactProjectors = events / throughput.ProjectorEventsPerSecond;
        var exactIngest = events / throughput.IngestEventsPerSecond;
        var projectorInstances = CeilingAtLeastOne(exactProjectors);
        var ingestInstances = CeilingAtLeastOne(exactIngest);

        bool standard = standardUnits <= ServiceLimits.StandardMaxUnits.Value
            && projectorInstances <= ServiceLimits.StandardMaxPartitions.Value;
        string tier;
        int units;
        int maxUnits;
        int maxPartitions;
        if (standard)
        {
            tier = "Standard";
            units = standardUnits;
            maxUnits = (int)ServiceLimits.StandardMaxUnits.Value;
            maxPartitions = (int)ServiceLimits.StandardMaxPartitions.Value;
        }
        else
        {
            tier = "Premium";
            units = CeilingAtLeastOne(Math.Max(ingress / ServiceLimits.PremiumPuIngressBytes.Value, events / ServiceLimits.PremiumPuIngressEvents.Value));
            maxUnits = (int)ServiceLimits.PremiumMaxUnits.Value;
            maxPartitions = (int)ServiceLimits.PremiumMaxPartitions.Value;
        }

        // An Event Hubs trigger runs at most one instance per partition, so consumers as well as units can force more namespaces.
        var namespaces = Math.Max(CeilingAtLeastOne((double)units / maxUnits), CeilingAtLeastOne((double)projectorInstances / maxPartitions));
        var unitsPerNamespace = CeilingAtLeastOne((double)units / namespaces);
        var partitionsByUnits = standard ? unitsPerNamespace : CeilingAtLeastOne(events / namespaces / ServiceLimits.StandardTuIngressEvents.Value);
        var partitions = Math.Min(maxPartitions, Math.Max(MinimumPartitions, Math.Max(partitionsByUnits, CeilingAtLeastOne((double)projectorInstances / namespaces))));

        var functionApps = CeilingAtLeastOne((double)(projectorInstances + ingestInstances) / ServiceLimits.FlexMaxInstances.Value);
        var ru = totalEvents * throughput.RuPerEvent;
        var physicalPartitions = CeilingAtLeastOne(ru / ServiceLimits.CosmosRuPerPhysicalPartition.Value);
        var links = CeilingAtLeastOne(ingress / ServiceLimits.LinkBytesPerSecond.Value);

        var pressures = new List<Pressure>
        {
            new("Event Hubs namespace", exactUnits / ServiceLimits.StandardMaxUnits.Value,
                Invariant($"{standardUnits:N0} TU needed ({events:N0} events/s, {Bytes(ingress)}/s in, {Bytes(egress)}/s out to {consumerGroups:0} consumer groups); a Standard namespace has {ServiceLimits.StandardMaxUnits.Value:0} TU")),
            new("Event Hubs partitions (consumer parallelism)", exactProjectors / ServiceLimits.StandardMaxPartitions.Value,
                Invariant($"{projectorInstances:N0} projector instances at {throughput.ProjectorEventsPerSecond:N0} events/s each; a trigger runs one instance per partition and a Standard hub has {ServiceLimits.StandardMaxPartitions.Value:0} partitions")),
            new("Function app instances", (exactProjectors + exactIngest) / ServiceLimits.FlexMaxInstances.Value,
                Invariant($"{projectorInstances + ingestInstances:N0} instances (ingest {ingestInstances:N0}, projector {projectorInstances:N0}); a Flex Consumption app scales to {ServiceLimits.FlexMaxInstances.Value:N0}")),
            new("Cosmos DB throughput", ru / ServiceLimits.AutoscaleMaxRu.Value,
                Invariant($"{ru:N0} RU/s ({throughput.RuPerEvent:0.##} RU/event × {totalEvents:N0} events/s); one stack provisions at most {ServiceLimits.AutoscaleMaxRu.Value:N0} RU/s autoscale")),
            new("Network (1 Gbps link)", ingress / ServiceLimits.LinkBytesPerSecond.Value,
                Invariant($"{Bytes(ingress)}/s in per region; a 1 Gbps link carries {Bytes(ServiceLimits.LinkBytesPerSecond.Value)}/s")),
        };

        return new CapacityPlan
        {
            Inputs = inputs,
            Throughput = throughput,
            TotalEventsPerSecond = totalEvents,
            EventsPerSecondPerRegion = events,
            IngressBytesPerSecondPerRegion = ingress,
            EgressBytesPerSecondPerRegion = egress,
            EventHubsTier = tier,
            EventHubsUnitsPerRegion = units,
            NamespacesPerRegion = namespaces,
            UnitsPerNamespace = unitsPerNamespace,
            PartitionsPerHub = partitions,
            ProjectorInstancesPerRegion = projectorInstances,
            IngestInstancesPerRegion = ingestInstances,
            FunctionAppsPerRegion = functionApps,
            CosmosRuPerSecond = ru,
            CosmosPhysicalPartitions = physicalPartitions,
            StorageBytesPerDay = totalEvents * inputs.EventBytes * 86_400,
            LinksPerRegion = links,
            Pressures = pressures,
        };
    }

    /// <summary>Decimal units (1 MB = 10^6 bytes), as Event Hubs and the seeds count them.</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return Invariant($"{bytes:0.##} {units[unit]}");
    }

    private static int CeilingAtLeastOne(double value) => Math.Max(1, (int)Math.Min(int.MaxValue, Math.Ceiling(value - 1e-9)));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
