using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// The query plan (`PartitionedQueryExecutionInfo`, version 2) the gateway returns when an SDK asks before running a query.
/// With the emulator's single partition key range every query can pass through: an empty `queryInfo` (no ORDER BY, TOP,
/// OFFSET, aggregates or DISTINCT for the SDK to merge) and one range covering all keys.
/// </summary>
internal static class QueryPlans
{
    public static JsonObject PassThrough() => new()
    {
        ["partitionedQueryExecutionInfoVersion"] = 2,
        ["queryInfo"] = new JsonObject
        {
            ["distinctType"] = "None",
            ["top"] = null,
            ["offset"] = null,
            ["limit"] = null,
            ["orderBy"] = new JsonArray(),
            ["orderByExpressions"] = new JsonArray(),
            ["groupByExpressions"] = new JsonArray(),
            ["groupByAliases"] = new JsonArray(),
            ["aggregates"] = new JsonArray(),
            ["groupByAliasToAggregateType"] = new JsonObject(),
            ["rewrittenQuery"] = string.Empty,
            ["hasSelectValue"] = false,
            ["dCountInfo"] = null,
            ["hasNonStreamingOrderBy"] = false,
        },
        ["queryRanges"] = new JsonArray(new JsonObject { ["min"] = string.Empty, ["max"] = "FF", ["isMinInclusive"] = true, ["isMaxInclusive"] = false }),
    };
}
