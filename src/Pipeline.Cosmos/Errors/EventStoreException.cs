using System.Net;

namespace Pipeline.Cosmos.Errors;

/// <summary>A Cosmos DB answer the store could not turn into a result, with the service's status, substatus and activity id.</summary>
public class EventStoreException : Exception
{
    /// <summary>Creates the exception for an unexpected Cosmos DB response.</summary>
    public EventStoreException(string message, HttpStatusCode? statusCode, int subStatusCode, string? activityId, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        SubStatusCode = subStatusCode;
        ActivityId = activityId;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public EventStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without details.</summary>
    public EventStoreException()
        : base("The event store failed.")
    {
    }

    /// <summary>The HTTP status Cosmos DB answered with, if the failure came from a response.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The Cosmos DB substatus code (0 when none).</summary>
    public int SubStatusCode { get; }

    /// <summary>The Cosmos DB activity id, for support cases.</summary>
    public string? ActivityId { get; }
}
