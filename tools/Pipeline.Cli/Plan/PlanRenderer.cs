using System.Globalization;
using System.Text;

namespace Pipeline.Cli.Plan;

/// <summary>Writes capacity plans as Markdown tables (readable in a terminal, pasteable into the README) and as Pulumi config commands.</summary>
internal static class PlanRenderer
{
    private static readonly (string Label, Func<CapacityPlan, string> Value)[] Rows =
    [
        ("Users", p => N(p.Inputs.Users)),
        ("Events/s (total)", p => N(p.TotalEventsPerSecond)),
        ("Regions", p => N(p.Inputs.Regions)),
        ("Events/s per region", p => N(p.EventsPerSecondPerRegion)),
        ("Ingress per region", p => CapacityPlanner.Bytes(p.IngressBytesPerSecondPerRegion) + "/s"),
        ("Egress per region (2 consumer groups)", p => CapacityPlanner.Bytes(p.EgressBytesPerSecondPerRegion) + "/s"),
        ("Event Hubs tier", p => p.EventHubsTier),
        ("Event Hubs units per region", p => $"{N(p.EventHubsUnitsPerRegion)} {(p.EventHubsTier == "Standard" ? "TU" : "PU")}"),
        ("Namespaces per region", p => $"{N(p.NamespacesPerRegion)} × {N(p.UnitsPerNamespace)} {(p.EventHubsTier == "Standard" ? "TU" : "PU")}"),
        ("Partitions per hub", p => N(p.PartitionsPerHub)),
        ("Projector instances per region", p => N(p.ProjectorInstancesPerRegion)),
        ("Ingest instances per region", p => N(p.IngestInstancesPerRegion)),
        ("Function apps per region", p => N(p.FunctionAppsPerRegion)),
        ("Cosmos DB RU/s (writes)", p => N(p.CosmosRuPerSecond)),
        ("Cosmos DB physical partitions", p => N(p.CosmosPhysicalPartitions)),
        ("Storage per day (events before compression; the archive adds its gzip size)", p => CapacityPlanner.Bytes(p.StorageBytesPerDay)),
        ("1 Gbps links per region", p => N(p.LinksPerRegion)),
        ("First bottleneck", p => $"{p.Bottleneck.Component} ({p.Bottleneck.Ratio.ToString("0.##", CultureInfo.InvariantCulture)}× one unit)"),
    ];

    public static string Single(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Capacity plan: {plan.Inputs.Users:N0} users × {plan.Inputs.EventsPerUserPerSecond:0.###} events/s × {plan.Inputs.EventBytes:N0} bytes over {plan.Inputs.Regions} region(s)"));
        text.AppendLine(Invariant($"Measured throughput: projector {plan.Throughput.ProjectorEventsPerSecond:N0} events/s per instance, ingest {plan.Throughput.IngestEventsPerSecond:N0} events/s per instance, {plan.Throughput.RuPerEvent:0.##} RU/event — {plan.Throughput.Source}"));
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---:|");
        foreach (var (label, value) in Rows)
        {
            text.AppendLine($"| {label} | {value(plan)} |");
        }

        text.AppendLine();
        text.AppendLine($"First bottleneck: {plan.Bottleneck.Component} — {plan.Bottleneck.Why}.");
        text.AppendLine("Pressure on each part (demand ÷ one unit's limit; above 1 means more namespaces, apps, stacks or links):");
        foreach (var pressure in plan.Pressures.OrderByDescending(p => p.Ratio))
        {
            text.AppendLine(Invariant($"  {pressure.Ratio,8:0.###}  {pressure.Component}: {pressure.Why}"));
        }

        text.AppendLine();
        text.AppendLine("Pulumi stack configuration (infra/):");
        foreach (var line in PulumiConfig.Commands(plan))
        {
            text.AppendLine("  " + line);
        }

        return text.ToString();
    }

    public static string Table(IReadOnlyList<CapacityPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(plans);
        var text = new StringBuilder();
        text.AppendLine("| | " + string.Join(" | ", plans.Select(p => N(p.Inputs.Users) + " users")) + " |");
        text.AppendLine("|---|" + string.Concat(plans.Select(_ => "---:|")));
        foreach (var (label, value) in Rows.Skip(1))
        {
            text.AppendLine($"| {label} | " + string.Join(" | ", plans.Select(value)) + " |");
        }

        return text.ToString();
    }

    public static string Limits()
    {
        var text = new StringBuilder();
        text.AppendLine("| Limit | Value | Unit | Source |");
        text.AppendLine("|---|---:|---|---|");
        foreach (var limit in ServiceLimits.All)
        {
            text.AppendLine($"| {limit.Name} | {N(limit.Value)} | {limit.Unit} | {limit.Source} |");
        }

        return text.ToString();
    }

    private static string N(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "N0" : "0.##", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
