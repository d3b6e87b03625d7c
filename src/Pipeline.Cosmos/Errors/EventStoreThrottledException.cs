using System.Net;

namespace Pipeline.Cosmos.Errors;

/// <summary>Thrown when Cosmos DB kept answering 429 after the SDK's and the store's own retries: the container needs more RU/s or less load.</summary>
public sealed class EventStoreThrottledException : EventStoreException
{
    /// <summary>Creates the exception for an operation that stayed throttled.</summary>
    public EventStoreThrottledException(string operation, int attempts, TimeSpan? retryAfter, string? activityId)
        : base($"Cosmos DB throttled '{operation}' (429) {attempts} times; the container needs more throughput or less load.", HttpStatusCode.TooManyRequests, 3200, activityId)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventStoreThrottledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public EventStoreThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without details.</summary>
    public EventStoreThrottledException()
        : base("Cosmos DB throttled the request.")
    {
    }

    /// <summary>The wait Cosmos DB asked for last, if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
