namespace Pipeline.Cosmos.Errors;

/// <summary>Thrown when one event is larger than the store can keep in a document (Cosmos DB items are limited to 2 MB).</summary>
public sealed class EventTooLargeException : ArgumentException
{
    /// <summary>Creates the exception for an oversize event.</summary>
    public EventTooLargeException(string eventId, int bytes, int limit)
        : base($"Event '{eventId}' is {bytes} bytes; the store accepts events up to {limit} bytes.", "events")
    {
        EventId = eventId;
        Bytes = bytes;
        Limit = limit;
    }

    /// <summary>Creates the exception with a message.</summary>
    public EventTooLargeException(string message)
        : base(message)
    {
        EventId = string.Empty;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public EventTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
        EventId = string.Empty;
    }

    /// <summary>Creates the exception without details.</summary>
    public EventTooLargeException()
        : base("An event is too large for the store.")
    {
        EventId = string.Empty;
    }

    /// <summary>The CloudEvent id of the oversize event.</summary>
    public string EventId { get; }

    /// <summary>Its size in bytes.</summary>
    public int Bytes { get; }

    /// <summary>The largest size accepted.</summary>
    public int Limit { get; }
}
