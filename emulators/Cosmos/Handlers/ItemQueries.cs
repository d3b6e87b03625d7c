using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Query;
using Pipeline.Emulators.Cosmos.Query.Execution;
using Pipeline.Emulators.Cosmos.Query.Planning;
using Pipeline.Emulators.Cosmos.Query.Syntax;
using Pipeline.Emulators.Cosmos.Query.Values;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// SQL queries over a container's items: the query plan the SDKs ask for, and execution with paging. The emulator has one
/// partition key range, so the plan tells the SDK to send the query through unchanged and the emulator itself runs ORDER
/// BY, GROUP BY, aggregates, DISTINCT, TOP and OFFSET LIMIT over every partition; results are what a real account gives.
/// A query with a partition key reads only that logical partition.
/// </summary>
internal sealed class ItemQueries(TimeProvider time)
{
    private readonly ResultCache results = new();

    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    // Quotes in the reason stay readable inside the message, as the service writes them.
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var body = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
        if (body["query"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            throw Fail.BadRequest("The query request body must carry a 'query' string.");
        }

        SelectQuery query;
        Dictionary<string, object?> parameters;
        try
        {
            query = QueryParser.Parse(text.GetValue<string>());
            parameters = QueryParameters.From(body["parameters"]);
        }
        catch (QueryException ex)
        {
            throw SyntaxError(ex);
        }

        List<string>? partitions;
        try
        {
            if (request.Flag("x-ms-cosmos-is-query-plan-request"))
            {
                return GatewayResponse.Json(HttpStatusCode.OK, QueryPlans.For(query, parameters, container), RequestCharges.MetadataRead);
            }

            partitions = request.PartitionKey is { } partitionKey ? [partitionKey] : QueryPlans.PinnedPartitions(query, parameters, container);
            if (partitions is not { Count: 1 } && request.Header("x-ms-documentdb-partitionkeyrangeid") is null && QueryPlanner.NeedsPipeline(query))
            {
                throw CrossPartitionNotServable(QueryPlans.For(query, parameters, container));
            }
        }
        catch (QueryException ex)
        {
            throw SyntaxError(ex);
        }

        // Read the version before the items, so cached results are never newer-keyed than the data they hold.
        var key = string.Join('\n', container.Rid, container.Items.LastLsn, request.PartitionKey ?? "*", text.GetValue<string>(), body["parameters"]?.ToJsonString() ?? "[]");
        var items = Read(container, partitions, time.GetUtcNow().ToUnixTimeSeconds());
        QueryPage page;
        try
        {
            var executor = new QueryExecutor(query, parameters);
            page = QueryPager.Next(executor, query.Streams, rid => From(items, rid), request.Header("x-ms-continuation"), request.MaxItemCount(DefaultPageSize, MaxPageSize), (results, key));
        }
        catch (QueryException ex)
        {
            throw SyntaxError(ex);
        }
        catch (InvalidContinuationException ex)
        {
            throw Fail.BadRequest(ex.Message);
        }

        var (json, sizes) = Serialize(container.Rid, page.Results);
        var response = new GatewayResponse(HttpStatusCode.OK, json, RequestCharges.QueryPage(page.Examined, sizes)) { Lsn = container.Items.LastLsn }
            .With("x-ms-item-count", page.Results.Count.ToString(CultureInfo.InvariantCulture));
        if (page.Continuation is not null)
        {
            response.With("x-ms-continuation", page.Continuation);
        }

        return response;
    }

    /// <summary>
    /// A query that needs merging across partitions (ORDER BY, aggregates, GROUP BY, DISTINCT, TOP, OFFSET) sent without a
    /// partition key or range: the gateway answers 400 substatus 1004 with the plan, and the SDKs then run the plan.
    /// </summary>
    private static CosmosError CrossPartitionNotServable(JsonObject plan) =>
        new(HttpStatusCode.BadRequest, 1004, "BadRequest",
            "The provided cross partition query can not be directly served by the gateway. This is a first chance (internal) exception " +
            "that all newer clients will know how to handle gracefully. This exception is traced, but unless you see it bubble up as an " +
            "exception (which only happens on older SDK clients), then you can safely ignore this message.")
        {
            AdditionalErrorInfo = plan.ToJsonString(),
        };

    /// <summary>The live items of the given logical partitions (all of them when null), in `_rid` order.</summary>
    private static List<StoredItem> Read(ContainerEntry container, List<string>? partitions, long now)
    {
        if (partitions is not { Count: > 1 })
        {
            return container.Items.Scan(partitions?[0], now);
        }

        var items = partitions.SelectMany(p => container.Items.Scan(p, now)).ToList();
        items.Sort((x, y) => x.RidNumber.CompareTo(y.RidNumber));
        return items;
    }

    /// <summary>Cosmos DB's 400 for query text it cannot compile: an `errors` list with the location and the reason.</summary>
    private static CosmosError SyntaxError(QueryException ex)
    {
        var errors = new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject
            {
                ["severity"] = "Error",
                ["location"] = new JsonObject { ["start"] = ex.Position, ["end"] = ex.Position + 1 },
                ["code"] = "SC1001",
                ["message"] = ex.Message,
            }),
        };
        return Fail.BadRequest(errors.ToJsonString(RelaxedJson));
    }

    private static IEnumerable<QueryDocument> From(List<StoredItem> items, ulong rid)
    {
        var low = 0;
        var high = items.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (items[middle].RidNumber < rid)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < items.Count; i++)
        {
            yield return new QueryDocument(items[i].RidNumber, items[i].Body);
        }
    }

    private static (byte[] Json, List<int> Sizes) Serialize(string rid, List<object?> results)
    {
        var sizes = new List<int>(results.Count);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("_rid", rid);
            writer.WriteStartArray("Documents");
            foreach (var result in results)
            {
                writer.Flush();
                var before = buffer.Length;
                JsonConversion.Write(writer, result);
                writer.Flush();
                sizes.Add((int)(buffer.Length - before));
            }

            writer.WriteEndArray();
            writer.WriteNumber("_count", results.Count);
            writer.WriteEndObject();
        }

        return (buffer.ToArray(), sizes);
    }
}
