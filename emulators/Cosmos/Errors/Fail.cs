using System.Net;

namespace Pipeline.Emulators.Cosmos.Errors;

/// <summary>The one place every refusal is made, with Cosmos DB's own codes, substatus codes and messages.</summary>
internal static class Fail
{
    public static CosmosError BadRequest(string message, int subStatus = 0) =>
        new(HttpStatusCode.BadRequest, subStatus, "BadRequest", message);

    public static CosmosError Unauthorized(string payload) =>
        new(HttpStatusCode.Unauthorized, 0, "Unauthorized",
            "The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol. " +
            "For more info: https://aka.ms/cosmosdb-tsg-401. Server used the following payload to sign: '" + payload + "'");

    public static CosmosError UnauthorizedHeader(string reason) =>
        new(HttpStatusCode.Unauthorized, 0, "Unauthorized", reason);

    public static CosmosError ItemNotFound() =>
        new(HttpStatusCode.NotFound, 0, "NotFound", "Entity with the specified id does not exist in the system. More info: https://aka.ms/cosmosdb-tsg-not-found");

    /// <summary>A database or container in the path does not exist (substatus 1003 when the owner of the addressed resource is missing).</summary>
    public static CosmosError ResourceNotFound(int subStatus = 0) =>
        new(HttpStatusCode.NotFound, subStatus, "NotFound", "Resource Not Found. Learn more: https://aka.ms/cosmosdb-tsg-not-found");

    public static CosmosError Conflict() =>
        new(HttpStatusCode.Conflict, 0, "Conflict", "Entity with the specified id already exists in the system.");

    public static CosmosError UniqueKeyViolation() =>
        new(HttpStatusCode.Conflict, 0, "Conflict", "Unique index constraint violation.");

    public static CosmosError PreconditionFailed() =>
        new(HttpStatusCode.PreconditionFailed, 0, "PreconditionFailed", "Operation cannot be performed because one of the specified precondition is not met.");

    public static CosmosError TooLarge() =>
        new(HttpStatusCode.RequestEntityTooLarge, 0, "RequestEntityTooLarge", "Request size is too large");

    public static CosmosError Throttled(int retryAfterMilliseconds) =>
        new(HttpStatusCode.TooManyRequests, 3200, "TooManyRequests",
            "Request rate is large. More Request Units may be needed, so no changes were made. Please retry this request later. Learn more: http://aka.ms/cosmosdb-error-429")
        {
            RetryAfterMilliseconds = retryAfterMilliseconds,
        };

    public static CosmosError StorageUnavailable(string reason) =>
        new(HttpStatusCode.ServiceUnavailable, 0, "ServiceUnavailable", "The emulator could not persist the change, so nothing was changed: " + reason);

    public static CosmosError MethodNotAllowed(string method, string resourceType) =>
        new(HttpStatusCode.MethodNotAllowed, 0, "MethodNotAllowed", $"Request method '{method}' is not supported on resource type '{resourceType}'.");

    public static CosmosError InvalidPayload() =>
        BadRequest("The request payload is invalid. Ensure to provide a valid request payload.");

    public static CosmosError InvalidId(string id) =>
        BadRequest($"The input name '{id}' is invalid. Ensure to provide a unique non-empty string less than '1024' characters. " +
                   "The characters '/', '\\\\', '?' and '#' are not allowed.");

    public static CosmosError MissingId() =>
        BadRequest("The input content is invalid because the required properties - 'id; ' - are missing");

    public static CosmosError PartitionKeyMissing() =>
        BadRequest("PartitionKey value must be supplied for this operation.");

    public static CosmosError PartitionKeyMismatch() =>
        BadRequest("PartitionKey extracted from document doesn't match the one specified in the header. Learn more: https://aka.ms/CosmosDB/sql/errors/wrong-pk-value", 1001);

    /// <summary>Queries over databases, containers and offers support only the id lookups the SDKs send; items get full SQL.</summary>
    public static CosmosError MetadataQueryNotSupported() =>
        BadRequest("This emulator answers queries over databases, containers and offers only in the form SELECT * FROM r " +
                   "WHERE <simple predicate> (the lookups the SDKs send); SQL queries over items are fully supported.");

    /// <summary>A batch body that is neither a JSON array nor a HybridRow RecordIO stream, or a broken one.</summary>
    public static CosmosError MalformedBatch(string detail) =>
        BadRequest($"The batch request body is malformed: {detail} Batch bodies are a JSON array of operations (JavaScript SDK) " +
                   "or a HybridRow RecordIO stream of BatchOperation rows (.NET SDK).");
}
