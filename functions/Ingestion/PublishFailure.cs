namespace Pipeline.Functions.Ingestion;

/// <summary>Why Event Hubs did not accept a request's events, which decides the status code the client gets.</summary>
internal enum PublishFailure
{
    /// <summary>Event Hubs is throttling (ServiceBusy): 429 with Retry-After.</summary>
    Throttled,

    /// <summary>Event Hubs is unreachable or failed: 503.</summary>
    Unavailable,

    /// <summary>An event does not fit one Event Hubs message: 413.</summary>
    TooLarge,
}
