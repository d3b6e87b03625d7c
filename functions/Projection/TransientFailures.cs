using System.Net;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Errors;

namespace Pipeline.Functions.Projection;

/// <summary>
/// Tells a Cosmos DB outage (fail the invocation so the host retries the batch) from a problem with the events
/// themselves (dead-letter them and move on).
/// </summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        EventStoreThrottledException => true,
        WrongExpectedVersionException => true,
        EventStoreException { StatusCode: null } store => store.InnerException is not null && IsTransient(store.InnerException),
        EventStoreException { StatusCode: { } status } => IsTransientStatus(status),
        CosmosException cosmos => IsTransientStatus(cosmos.StatusCode),
        HttpRequestException or TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        OperationCanceledException => true,
        _ => exception.InnerException is not null && IsTransient(exception.InnerException),
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Gone
        || (int)status >= 500;
}
