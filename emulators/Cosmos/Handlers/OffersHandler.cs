using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>`/offers`: read, list, look up (by the SDKs' `offerResourceId` / `resource` queries) and replace throughput.</summary>
internal sealed class OffersHandler(ResourceCatalog catalog)
{
    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        switch (request.Method, request.IsFeed)
        {
            case ("GET", true):
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(string.Empty, "Offers", catalog.Offers().Select(ResourceJson.Offer)), RequestCharges.MetadataRead);
            case ("POST", true):
                var filter = await Queries.ParseAsync(request, cancellationToken).ConfigureAwait(false);
                return Queries.Resources(string.Empty, "Offers", catalog.Offers().Select(ResourceJson.Offer), filter);
            case ("GET", false):
                var offer = catalog.Offer(request.Segments[1]);
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Offer(offer), RequestCharges.MetadataRead).With("etag", offer.ETag);
            case ("PUT", false):
                var body = JsonBody.Object(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false));
                var content = body["content"] as JsonObject ?? throw Fail.BadRequest("The offer must carry a 'content' object.");
                var manual = content["offerThroughput"]?.GetValue<int>();
                var autoscale = content["offerAutopilotSettings"]?["maxThroughput"]?.GetValue<int>();
                // An autoscale offer also carries its derived offerThroughput; the maximum is what the client sets then.
                if (autoscale is not null)
                {
                    manual = null;
                }

                var replaced = catalog.ReplaceOffer(request.Segments[1], manual, autoscale, request.Header("if-match"));
                return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Offer(replaced), RequestCharges.MetadataWrite).With("etag", replaced.ETag);
            default:
                throw Fail.MethodNotAllowed(request.Method, "offers");
        }
    }
}
