using System.Net;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>`/dbs` and `/dbs/{db}`: create, read, list and delete databases.</summary>
internal sealed class DatabasesHandler(ResourceCatalog catalog)
{
    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        switch (request.Method, request.IsFeed)
        {
            case ("GET", true):
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(string.Empty, "Databases", catalog.Databases().Select(ResourceJson.Database)), RequestCharges.MetadataRead);
            case ("POST", true):
                if (Queries.IsQuery(request))
                {
                    var filter = await Queries.ParseAsync(request, cancellationToken).ConfigureAwait(false);
                    return Queries.Resources(string.Empty, "Databases", catalog.Databases().Select(ResourceJson.Database), filter);
                }

                var body = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
                var (manual, autoscale) = ThroughputHeaders.Read(request);
                var created = catalog.CreateDatabase(JsonBody.Id(body), manual, autoscale);
                return GatewayResponse.Json(HttpStatusCode.Created, ResourceJson.Database(created), RequestCharges.MetadataWrite).With("etag", created.ETag);
            case ("GET", false):
                var database = catalog.Database(request.Segments[1]);
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Database(database), RequestCharges.MetadataRead).With("etag", database.ETag);
            case ("DELETE", false):
                catalog.DeleteDatabase(request.Segments[1]);
                return new GatewayResponse(HttpStatusCode.NoContent, null, RequestCharges.MetadataWrite);
            default:
                throw Fail.MethodNotAllowed(request.Method, "dbs");
        }
    }
}
