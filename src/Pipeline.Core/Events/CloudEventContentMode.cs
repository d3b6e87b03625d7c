namespace Pipeline.Core.Events;

/// <summary>How a request body is to be read, decided from its Content-Type before any byte is parsed.</summary>
public enum CloudEventContentMode
{
    /// <summary>Not a JSON media type this service reads; answer 415.</summary>
    Unsupported,

    /// <summary><c>application/cloudevents+json</c>: exactly one event as a JSON object.</summary>
    Structured,

    /// <summary><c>application/cloudevents-batch+json</c>: a JSON array of events.</summary>
    Batch,

    /// <summary><c>application/json</c>: one event if the body is an object, a batch if it is an array.</summary>
    Json,
}
