using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>`GET /`: the database account, with this emulator as the single read and write region.</summary>
internal static class AccountHandler
{
    private const string QueryEngineConfiguration =
        "{\"maxSqlQueryInputLength\":262144,\"maxJoinsPerSqlQuery\":5,\"maxLogicalAndPerSqlQuery\":500," +
        "\"maxLogicalOrPerSqlQuery\":500,\"maxUdfRefPerSqlQuery\":10,\"maxInExpressionItemsCount\":16000," +
        "\"queryMaxInMemorySortDocumentCount\":500,\"maxQueryRequestTimeoutFraction\":0.9,\"sqlAllowNonFiniteNumbers\":false," +
        "\"sqlAllowAggregateFunctions\":true,\"sqlAllowSubQuery\":true,\"sqlAllowScalarSubQuery\":true,\"allowNewKeywordsAsIdentifiers\":true," +
        "\"sqlAllowLike\":true,\"sqlAllowGroupByClause\":true,\"maxSpatialQueryCells\":12,\"spatialMaxGeometryPointCount\":256," +
        "\"sqlDisableOptimizationFlags\":0,\"sqlAllowTop\":true,\"enableSpatialIndexing\":true}";

    public static GatewayResponse Read(GatewayRequest request)
    {
        // Advertise the endpoint the client used, so its location cache never redirects it elsewhere.
        var endpoint = $"{request.Context.Request.Scheme}://{request.Context.Request.Host}/";
        var location = new JsonObject { ["name"] = "South Central US", ["databaseAccountEndpoint"] = endpoint };
        var account = new JsonObject
        {
            ["_self"] = string.Empty,
            ["id"] = "localhost",
            ["_rid"] = "localhost",
            ["media"] = "//media/",
            ["addresses"] = "//addresses/",
            ["_dbs"] = "//dbs/",
            ["writableLocations"] = new JsonArray(location.DeepClone()),
            ["readableLocations"] = new JsonArray(location.DeepClone()),
            ["enableMultipleWriteLocations"] = false,
            ["continuousBackupEnabled"] = false,
            ["enableNRegionSynchronousCommit"] = false,
            ["userReplicationPolicy"] = new JsonObject { ["asyncReplication"] = false, ["minReplicaSetSize"] = 1, ["maxReplicasetSize"] = 4 },
            ["userConsistencyPolicy"] = new JsonObject { ["defaultConsistencyLevel"] = "Session" },
            ["systemReplicationPolicy"] = new JsonObject { ["minReplicaSetSize"] = 1, ["maxReplicasetSize"] = 4 },
            ["readPolicy"] = new JsonObject { ["primaryReadCoefficient"] = 1, ["secondaryReadCoefficient"] = 1 },
            ["queryEngineConfiguration"] = QueryEngineConfiguration,
        };
        return GatewayResponse.Json(HttpStatusCode.OK, account, RequestCharges.MetadataRead)
            .With("x-ms-max-media-storage-usage-mb", "10240")
            .With("x-ms-media-storage-usage-mb", "0")
            .With("x-ms-databaseaccount-consumed-mb", "0")
            .With("x-ms-databaseaccount-reserved-mb", "0")
            .With("x-ms-databaseaccount-provisioned-mb", "0");
    }
}
