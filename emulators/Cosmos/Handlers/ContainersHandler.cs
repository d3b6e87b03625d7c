using System.Globalization;
using System.Net;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>`/dbs/{db}/colls` and `/dbs/{db}/colls/{coll}`: create, read, replace, list and delete containers.</summary>
internal sealed class ContainersHandler(ResourceCatalog catalog)
{
    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var db = request.Segments[1];
        switch (request.Method, request.IsFeed)
        {
            case ("GET", true):
                var database = catalog.Database(db);
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(database.Rid, "DocumentCollections", catalog.Containers(db).Select(ResourceJson.Container)), RequestCharges.MetadataRead);
            case ("POST", true):
                if (Queries.IsQuery(request))
                {
                    var filter = await Queries.ParseAsync(request, cancellationToken).ConfigureAwait(false);
                    return Queries.Resources(catalog.Database(db).Rid, "DocumentCollections", catalog.Containers(db).Select(ResourceJson.Container), filter);
                }

                var body = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
                JsonBody.Id(body);
                var (manual, autoscale) = ThroughputHeaders.Read(request);
                var created = catalog.CreateContainer(db, body, manual, autoscale);
                return Describe(HttpStatusCode.Created, created, RequestCharges.MetadataWrite);
            case ("GET", false):
                return Describe(HttpStatusCode.OK, catalog.Container(db, request.Segments[3]), RequestCharges.MetadataRead);
            case ("PUT", false):
                var properties = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
                JsonBody.Id(properties);
                foreach (var name in new[] { "_rid", "_ts", "_self", "_etag", "_docs", "_sprocs", "_triggers", "_udfs", "_conflicts" })
                {
                    properties.Remove(name);
                }

                var replaced = catalog.ReplaceContainer(db, request.Segments[3], properties, request.Header("if-match"));
                return Describe(HttpStatusCode.OK, replaced, RequestCharges.MetadataWrite);
            case ("DELETE", false):
                catalog.DeleteContainer(db, request.Segments[3]);
                return new GatewayResponse(HttpStatusCode.NoContent, null, RequestCharges.MetadataWrite);
            default:
                throw Fail.MethodNotAllowed(request.Method, "colls");
        }
    }

    private static GatewayResponse Describe(HttpStatusCode status, ContainerEntry container, double charge)
    {
        var kb = (container.Items.TotalBytes + 1023) / 1024;
        var count = container.Items.Count;
        return GatewayResponse.Json(status, ResourceJson.Container(container), charge)
            .With("etag", container.ETag)
            .With("x-ms-resource-quota", "functions=25;storedProcedures=100;triggers=25;documentSize=20480;documentsSize=20971520;documentsCount=-1;collectionSize=20971520;")
            .With("x-ms-resource-usage", string.Create(CultureInfo.InvariantCulture, $"functions=0;storedProcedures=0;triggers=0;documentSize={kb};documentsSize={kb};documentsCount={count};collectionSize={kb};"))
            .With("x-ms-alt-content-path", $"dbs/{container.Database.Id}")
            .With("x-ms-content-path", container.Database.Rid);
    }
}
