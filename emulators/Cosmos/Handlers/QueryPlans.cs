using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Query.Planning;
using Pipeline.Emulators.Cosmos.Query.Syntax;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// The query plan (`PartitionedQueryExecutionInfo`, version 2) the gateway returns when an SDK asks before running a
/// query: the `queryInfo` that tells the SDK which cross-partition pipeline to build, and `queryRanges` — one point range
/// per partition key value the WHERE clause pins down (by effective partition key), or the whole key space.
/// </summary>
internal static class QueryPlans
{
    public static JsonObject For(SelectQuery query, IReadOnlyDictionary<string, object?> parameters, ContainerEntry container) => new()
    {
        ["partitionedQueryExecutionInfoVersion"] = 2,
        ["queryInfo"] = QueryPlanner.QueryInfo(query, parameters),
        ["queryRanges"] = Ranges(query, parameters, container),
    };

    /// <summary>The logical partitions (canonical keys) the query's WHERE clause confines it to, or null for any.</summary>
    public static List<string>? PinnedPartitions(SelectQuery query, IReadOnlyDictionary<string, object?> parameters, ContainerEntry container)
    {
        var values = PartitionKeyFilter.Values(query, parameters, container.Items.Settings.PartitionKey.Paths);
        return values?.Select(v => PartitionKeyValue.Canonical([.. v.Select(ToNode)], [.. v.Select(_ => true)])).Distinct(StringComparer.Ordinal).ToList();
    }

    private static JsonArray Ranges(SelectQuery query, IReadOnlyDictionary<string, object?> parameters, ContainerEntry container)
    {
        var definition = container.Properties["partitionKey"] as JsonObject;
        var hierarchical = definition?["kind"] is JsonValue kind && kind.GetValueKind() == JsonValueKind.String && kind.GetValue<string>() == "MultiHash";
        var hashV2 = hierarchical || (definition?["version"] is JsonValue version && version.GetValueKind() == JsonValueKind.Number && version.GetValue<int>() == 2);
        var values = hashV2 ? PartitionKeyFilter.Values(query, parameters, container.Items.Settings.PartitionKey.Paths) : null;
        if (values is null)
        {
            // Containers hashed with version 1 get the whole key space: results are the same, only routing is coarser.
            return [new JsonObject { ["min"] = string.Empty, ["max"] = "FF", ["isMinInclusive"] = true, ["isMaxInclusive"] = false }];
        }

        var keys = values.Select(v => EffectivePartitionKey.Of(v, hierarchical)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return [.. keys.Select(key => (JsonNode)new JsonObject { ["min"] = key, ["max"] = key, ["isMinInclusive"] = true, ["isMaxInclusive"] = true })];
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        _ => null,
    };
}
