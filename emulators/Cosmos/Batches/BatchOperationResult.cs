using System.Net;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>What one operation of a batch answers, independent of the wire format it is written in.</summary>
/// <param name="Body">The resource the operation returns (reads and writes that return content), or null.</param>
/// <param name="Message">Why the operation failed, for formats that carry it.</param>
internal sealed record BatchOperationResult(
    HttpStatusCode Status,
    int SubStatus,
    double Charge,
    string? ETag,
    byte[]? Body,
    int? RetryAfterMilliseconds,
    string? Message)
{
    public bool Failed => (int)Status >= 400;

    public static BatchOperationResult From(CosmosError error) =>
        new(error.Status, error.SubStatus, error.Status == HttpStatusCode.TooManyRequests ? 0 : 1, null, null, error.RetryAfterMilliseconds, error.Message);

    /// <summary>An operation of a failed atomic batch that was not itself at fault.</summary>
    public static BatchOperationResult NotApplied() => new(HttpStatusCode.FailedDependency, 0, 0, null, null, null, null);
}
