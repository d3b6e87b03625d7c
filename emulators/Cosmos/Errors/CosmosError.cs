using System.Net;

namespace Pipeline.Emulators.Cosmos.Errors;

/// <summary>
/// A request the emulator refuses, carrying exactly what Cosmos DB would answer (status, substatus, code, message),
/// so the SDKs map it to the same exception they raise against the real service.
/// </summary>
internal sealed class CosmosError : Exception
{
    public CosmosError(HttpStatusCode status, int subStatus, string code, string message)
        : base(message)
    {
        Status = status;
        SubStatus = subStatus;
        Code = code;
    }

    public CosmosError()
        : this(HttpStatusCode.InternalServerError, 0, "InternalServerError", "Unknown error.")
    {
    }

    public CosmosError(string message)
        : this(HttpStatusCode.BadRequest, 0, "BadRequest", message)
    {
    }

    public CosmosError(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = HttpStatusCode.BadRequest;
        Code = "BadRequest";
    }

    public HttpStatusCode Status { get; }

    public int SubStatus { get; }

    public string Code { get; }

    /// <summary>Extra machine-readable detail in the body (the query plan, for cross-partition queries the gateway cannot serve).</summary>
    public string? AdditionalErrorInfo { get; init; }

    /// <summary>Milliseconds the client should wait before retrying (throttling only).</summary>
    public int? RetryAfterMilliseconds { get; init; }
}
