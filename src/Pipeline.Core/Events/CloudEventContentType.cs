namespace Pipeline.Core.Events;

/// <summary>Classifies a Content-Type header so that an unsupported media type (415) is told apart from a malformed body (400).</summary>
public static class CloudEventContentType
{
    /// <summary>The media type of one structured-mode CloudEvent.</summary>
    public const string Structured = "application/cloudevents+json";

    /// <summary>The media type of a batch of structured-mode CloudEvents.</summary>
    public const string Batch = "application/cloudevents-batch+json";

    /// <summary>Plain JSON, read as one event or a batch depending on the body.</summary>
    public const string Json = "application/json";

    /// <summary>Returns how a body with this Content-Type header is to be read; only UTF-8 (or no charset) is accepted.</summary>
    public static CloudEventContentMode Classify(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return CloudEventContentMode.Unsupported;
        }

        var span = contentType.AsSpan();
        var semicolon = span.IndexOf(';');
        var mediaType = (semicolon < 0 ? span : span[..semicolon]).Trim();
        var mode = mediaType switch
        {
            _ when mediaType.Equals(Structured, StringComparison.OrdinalIgnoreCase) => CloudEventContentMode.Structured,
            _ when mediaType.Equals(Batch, StringComparison.OrdinalIgnoreCase) => CloudEventContentMode.Batch,
            _ when mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) => CloudEventContentMode.Json,
            _ => CloudEventContentMode.Unsupported,
        };

        if (mode == CloudEventContentMode.Unsupported || semicolon < 0)
        {
            return mode;
        }

        return HasOnlyUtf8Charset(span[(semicolon + 1)..]) ? mode : CloudEventContentMode.Unsupported;
    }

    // JSON text exchanged between systems must be UTF-8 (RFC 8259), so any other declared charset is a client error.
    private static bool HasOnlyUtf8Charset(ReadOnlySpan<char> parameters)
    {
        while (!parameters.IsEmpty)
        {
            var end = parameters.IndexOf(';');
            var parameter = (end < 0 ? parameters : parameters[..end]).Trim();
            parameters = end < 0 ? [] : parameters[(end + 1)..];

            var equals = parameter.IndexOf('=');
            if (equals < 0)
            {
                if (!parameter.IsEmpty)
                {
                    return false;
                }

                continue;
            }

            var name = parameter[..equals].Trim();
            var value = parameter[(equals + 1)..].Trim().Trim('"');
            if (name.Equals("charset", StringComparison.OrdinalIgnoreCase)
                && !value.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                && !value.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
