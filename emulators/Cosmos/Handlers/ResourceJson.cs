using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>How databases, containers, offers and feeds look on the wire, system properties included.</summary>
internal static class ResourceJson
{
    public static JsonObject Database(DatabaseEntry database) => new()
    {
        ["id"] = database.Id,
        ["_rid"] = database.Rid,
        ["_self"] = database.Self,
        ["_etag"] = database.ETag,
        ["_colls"] = "colls/",
        ["_users"] = "users/",
        ["_ts"] = database.Timestamp,
    };

    public static JsonObject Container(ContainerEntry container)
    {
        var json = container.Properties.DeepClone().AsObject();
        json["indexingPolicy"] ??= new JsonObject
        {
            ["indexingMode"] = "consistent",
            ["automatic"] = true,
            ["includedPaths"] = new JsonArray(new JsonObject { ["path"] = "/*" }),
            ["excludedPaths"] = new JsonArray(new JsonObject { ["path"] = "/\"_etag\"/?" }),
        };
        if (json["partitionKey"] is JsonObject partitionKey)
        {
            partitionKey["kind"] ??= partitionKey["paths"] is JsonArray { Count: > 1 } ? "MultiHash" : "Hash";
            partitionKey["version"] ??= 2;
        }

        json["conflictResolutionPolicy"] ??= new JsonObject
        {
            ["mode"] = "LastWriterWins",
            ["conflictResolutionPath"] = "/_ts",
            ["conflictResolutionProcedure"] = string.Empty,
        };
        json["geospatialConfig"] ??= new JsonObject { ["type"] = "Geography" };
        json["_rid"] = container.Rid;
        json["_ts"] = container.Timestamp;
        json["_self"] = container.Self;
        json["_etag"] = container.ETag;
        json["_docs"] = "docs/";
        json["_sprocs"] = "sprocs/";
        json["_triggers"] = "triggers/";
        json["_udfs"] = "udfs/";
        json["_conflicts"] = "conflicts/";
        return json;
    }

    public static JsonObject Offer(OfferEntry offer)
    {
        var content = new JsonObject
        {
            ["offerThroughput"] = offer.Throughput,
            ["offerIsRUPerMinuteThroughputEnabled"] = false,
            ["offerMinimumThroughputParameters"] = new JsonObject
            {
                ["maxThroughputEverProvisioned"] = offer.EffectiveThroughput,
                ["maxConsumedStorageEverInKB"] = 0,
            },
        };
        if (offer.AutoscaleMaxThroughput is { } max)
        {
            content["offerAutopilotSettings"] = new JsonObject { ["maxThroughput"] = max };
        }

        return new JsonObject
        {
            ["resource"] = offer.ResourceSelf,
            ["offerType"] = "Invalid",
            ["offerResourceId"] = offer.ResourceRid,
            ["offerVersion"] = "V2",
            ["content"] = content,
            ["id"] = offer.Rid,
            ["_rid"] = offer.Rid,
            ["_self"] = $"offers/{offer.Rid}/",
            ["_etag"] = offer.ETag,
            ["_ts"] = offer.Timestamp,
        };
    }

    public static JsonObject Feed(string rid, string name, IEnumerable<JsonNode> resources)
    {
        var array = new JsonArray([.. resources]);
        return new JsonObject { ["_rid"] = rid, [name] = array, ["_count"] = array.Count };
    }

    /// <summary>A page of stored items, spliced from their stored bytes without re-serialising them.</summary>
    public static byte[] Documents(string rid, IReadOnlyList<StoredItem> items)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"_rid\":\"" + rid + "\",\"Documents\":[");
        var suffix = Encoding.UTF8.GetBytes("],\"_count\":" + items.Count + "}");
        var length = prefix.Length + suffix.Length + Math.Max(0, items.Count - 1) + items.Sum(i => i.Body.Length);
        var buffer = new byte[length];
        var at = 0;
        prefix.CopyTo(buffer, at);
        at += prefix.Length;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                buffer[at++] = (byte)',';
            }

            items[i].Body.CopyTo(buffer, at);
            at += items[i].Body.Length;
        }

        suffix.CopyTo(buffer, at);
        return buffer;
    }
}
