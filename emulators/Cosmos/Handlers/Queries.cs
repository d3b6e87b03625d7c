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
/// Query requests: SQL over items goes to <see cref="ItemQueries"/>; lookups of databases, containers and offers by id
/// use the narrow filter the SDKs send for them.
/// </summary>
internal sealed class Queries(TimeProvider time)
{
    private readonly ItemQueries items = new(time);

    public static bool IsQuery(GatewayRequest request) =>
        request.Flag("x-ms-documentdb-isquery")
        || request.Flag("x-ms-cosmos-is-query-plan-request")
        || request.Context.Request.ContentType?.StartsWith("application/query+json", StringComparison.OrdinalIgnoreCase) == true;

    public Task<GatewayResponse> OnItemsAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken) =>
        items.HandleAsync(request, container, cancellationToken);

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
            throw Fail.BadRequest(Fail.MetadataQueryNotSupported().Message + " Unsupported: " + ex.Message + ".");
        }
    }
}
