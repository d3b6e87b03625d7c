namespace Pipeline.Core.Events;

/// <summary>The overall verdict on a request body, chosen so that an HTTP front end can map it to one status code.</summary>
public enum ParseStatus
{
    /// <summary>Every event is valid (HTTP 2xx).</summary>
    Valid,

    /// <summary>The content type is not one the CloudEvents structured or batch JSON formats use (HTTP 415).</summary>
    UnsupportedMediaType,

    /// <summary>The body is not well-formed JSON, or has the wrong shape for its content type (HTTP 400).</summary>
    MalformedJson,

    /// <summary>The JSON is well-formed but one or more events break the rules (HTTP 400).</summary>
    Invalid,

    /// <summary>The batch or one of its events exceeds the configured size limits (HTTP 413).</summary>
    TooLarge,
}
