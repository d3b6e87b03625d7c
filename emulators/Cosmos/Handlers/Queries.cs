using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Predicates;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// Query requests, answered only for the narrow filter subset the SDKs use internally (`SELECT * FROM c WHERE
/// STARTSWITH(c.id, @prefix)` from the change feed processor's lease store, offer lookups). Every other query gets
/// a clear 400: full SQL arrives in part 2. Partition-scoped queries only read their logical partition.
/// </summary>
internal sealed class Queries(TimeProvider time)
{
    private static readonly JsonObject EmptyQueryInfo = new()
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
    };

    public static bool IsQuery(GatewayRequest request) =>
        request.Flag("x-ms-documentdb-isquery")
        || request.Flag("x-ms-cosmos-is-query-plan-request")
        || request.Context.Request.ContentType?.StartsWith("application/query+json", StringComparison.OrdinalIgnoreCase) == true;

    public async Task<GatewayResponse> OnItemsAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var filter = await ParseAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Flag("x-ms-cosmos-is-query-plan-request"))
        {
            var plan = new JsonObject
            {
                ["partitionedQueryExecutionInfoVersion"] = 2,
                ["queryInfo"] = EmptyQueryInfo.DeepClone(),
                ["queryRanges"] = new JsonArray(new JsonObject { ["min"] = string.Empty, ["max"] = "FF", ["isMinInclusive"] = true, ["isMaxInclusive"] = false }),
            };
            return GatewayResponse.Json(HttpStatusCode.OK, plan, RequestCharges.MetadataRead);
        }

        var after = ulong.TryParse(request.Header("x-ms-continuation")?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : 0UL;
        var max = request.MaxItemCount(100, 1000);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var matches = new List<StoredItem>();
        var hasMore = false;
        var scanned = 0;
        foreach (var item in container.Items.Scan(request.PartitionKey, now))
        {
            if (item.RidNumber <= after)
            {
                continue;
            }

            scanned++;
            if (!filter.Matches(JsonBody.Object(item.Body)))
            {
                continue;
            }

            if (matches.Count == max)
            {
                hasMore = true;
                break;
            }

            matches.Add(item);
        }

        var response = new GatewayResponse(HttpStatusCode.OK, ResourceJson.Documents(container.Rid, matches), RequestCharges.Query(scanned, matches)) { Lsn = container.Items.LastLsn }
            .With("x-ms-item-count", matches.Count.ToString(CultureInfo.InvariantCulture));
        if (hasMore)
        {
            response.With("x-ms-continuation", matches[^1].RidNumber.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    /// <summary>Filters metadata resources (databases, containers, offers) the way the SDKs look them up by id.</summary>
    public static GatewayResponse Resources(string rid, string name, IEnumerable<JsonObject> resources, SqlFilter filter)
    {
        var matching = resources.Where(r => filter.Matches(r)).ToList();
        return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(rid, name, matching), RequestCharges.QueryBase)
            .With("x-ms-item-count", matching.Count.ToString(CultureInfo.InvariantCulture));
    }

    public static async Task<SqlFilter> ParseAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var body = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        if (body["query"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            throw Fail.BadRequest("The query request body must carry a 'query' string.");
        }

        var parameters = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (body["parameters"] is JsonArray list)
        {
            foreach (var parameter in list)
            {
                if (parameter?["name"]?.GetValue<string>() is { } name)
                {
                    parameters[name] = parameter["value"];
                }
            }
        }

        try
        {
            return SqlFilter.Parse(text.GetValue<string>(), parameters);
        }
        catch (UnsupportedSqlException ex)
        {
            throw Fail.BadRequest(Fail.QueriesNotYetSupported().Message + " Unsupported: " + ex.Message + ".");
        }
    }
}
