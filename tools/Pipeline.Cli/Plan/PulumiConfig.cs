using System.Globalization;

namespace Pipeline.Cli.Plan;

/// <summary>
/// The `pulumi config set` commands that deploy a plan with the infra/ program: the global stack (Cosmos DB) and one stack
/// per region (Event Hubs, function app), using the keys and ranges infra/src/config.ts reads.
/// </summary>
internal static class PulumiConfig
{
    /// <summary>infra/src/config.ts: functionMaximumInstances is accepted from 40 to 1 000.</summary>
    private const int MinMaximumInstances = 40;

    public static IReadOnlyList<string> Commands(CapacityPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var regions = CapacityInputs.RegionNames.Take(plan.Inputs.Regions).ToList();
        var lines = new List<string>();
        var maxRu = (long)Math.Max(1000, Math.Ceiling(plan.CosmosRuPerSecond / 1000) * 1000);
        var stackRu = Math.Min(maxRu, (long)ServiceLimits.AutoscaleMaxRu.Value);
        lines.Add("pulumi config set --stack global pipeline:cosmosThroughput autoscale");
        lines.Add(Invariant($"pulumi config set --stack global pipeline:cosmosAutoscaleMaxRu {stackRu}"));
        lines.Add($"pulumi config set --stack global pipeline:regions '[{string.Join(", ", regions.Select(r => $"\"{r}\""))}]'");
        if (maxRu > stackRu)
        {
            lines.Add(Invariant($"# {maxRu:N0} RU/s is more than one stack accepts ({stackRu:N0}): split the streams over {Math.Ceiling((double)maxRu / stackRu):0} Cosmos DB accounts (one global stack each), or raise the account's limit with Azure support."));
        }

        var standard = plan.EventHubsTier == "Standard";
        var instances = Math.Clamp(plan.TotalFunctionInstancesPerRegion, MinMaximumInstances, (int)ServiceLimits.FlexMaxInstances.Value);
        foreach (var region in regions)
        {
            lines.Add($"pulumi config set --stack {region} azure-native:location {region}");
            lines.Add($"pulumi config set --stack {region} pipeline:kind regional");
            lines.Add($"pulumi config set --stack {region} pipeline:eventHubsSku {plan.EventHubsTier}");
            lines.Add(Invariant($"pulumi config set --stack {region} pipeline:eventHubsCapacity {plan.UnitsPerNamespace}"));
            if (standard)
            {
                lines.Add($"pulumi config set --stack {region} pipeline:eventHubsAutoInflate true");
                lines.Add(Invariant($"pulumi config set --stack {region} pipeline:eventHubsMaxThroughputUnits {Math.Min((int)ServiceLimits.StandardMaxUnits.Value, Math.Max(plan.UnitsPerNamespace, plan.UnitsPerNamespace * 2))}"));
            }

            lines.Add(Invariant($"pulumi config set --stack {region} pipeline:partitions {plan.PartitionsPerHub}"));
            lines.Add(Invariant($"pulumi config set --stack {region} pipeline:functionMaximumInstances {instances}"));
        }

        if (plan.NamespacesPerRegion > 1 || plan.FunctionAppsPerRegion > 1)
        {
            var stacks = Math.Max(plan.NamespacesPerRegion, plan.FunctionAppsPerRegion);
            lines.Add(Invariant($"# One regional stack deploys one namespace and one function app; this size needs {stacks:N0} per region: create {stacks:N0} stacks per region with these values (streams split by subject hash), or front them with one more level of partitioning."));
        }

        return lines;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
