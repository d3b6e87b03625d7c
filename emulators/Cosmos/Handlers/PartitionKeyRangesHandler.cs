using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Conditions;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// `.../pkranges`: every container is one partition key range, id "0" (a string, as the SDKs require), covering
/// "" to "FF". The SDKs poll this feed until 304, so a matching `If-None-Match` answers 304.
/// </summary>
internal static class PartitionKeyRangesHandler
{
    public static GatewayResponse Read(GatewayRequest request, ContainerEntry container)
    {
        var etag = container.ETag;
        if (request.Header("if-none-match") is { } given && Preconditions.SameETag(given, etag))
        {
            return new GatewayResponse(HttpStatusCode.NotModified, null, RequestCharges.NotModified).With("etag", etag);
        }

        var rangeRid = ResourceIds.PartitionKeyRange(container.Database.Number, container.Number, 1);
        var range = new JsonObject
        {
            ["_rid"] = rangeRid,
            ["id"] = "0",
            ["_etag"] = etag,
            ["minInclusive"] = string.Empty,
            ["maxExclusive"] = "FF",
            ["ridPrefix"] = 0,
            ["_self"] = $"{container.Self}pkranges/{rangeRid}/",
            ["throughputFraction"] = 1,
            ["status"] = "online",
            ["parents"] = new JsonArray(),
            ["ownedArchivalPKRangeIds"] = new JsonArray(),
            ["_ts"] = container.Timestamp,
            ["_lsn"] = container.Items.LastLsn,
        };
        return GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(container.Rid, "PartitionKeyRanges", [range]), RequestCharges.MetadataRead)
            .With("etag", etag)
            .With("x-ms-item-count", "1");
    }
}
