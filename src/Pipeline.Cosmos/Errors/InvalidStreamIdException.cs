namespace Pipeline.Cosmos.Errors;

/// <summary>
/// Thrown when a stream id breaks the rules Cosmos DB sets for ids (empty, over 255 characters, '/', '\\', '?', '#', control
/// characters, surrounding whitespace, broken UTF-16); the ingest applies the same rules to the CloudEvents subject that names the stream.
/// </summary>
public sealed class InvalidStreamIdException : ArgumentException
{
    /// <summary>The longest stream id accepted, in characters (the CloudEvents subject limit the ingest applies).</summary>
    public const int MaxLength = 255;

    /// <summary>Creates the exception for a rejected stream id.</summary>
    public InvalidStreamIdException(string? streamId, string reason)
        : base($"Stream id is not valid: {reason}", "streamId")
    {
        StreamId = streamId;
        Reason = reason;
    }

    /// <summary>Creates the exception with a message.</summary>
    public InvalidStreamIdException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InvalidStreamIdException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates the exception without details.</summary>
    public InvalidStreamIdException()
        : base("Stream id is not valid.")
    {
        Reason = Message;
    }

    /// <summary>The rejected id.</summary>
    public string? StreamId { get; }

    /// <summary>What is wrong with it.</summary>
    public string Reason { get; }

    /// <summary>Throws unless <paramref name="streamId"/> is a usable stream id.</summary>
    public static void ThrowIfInvalid(string? streamId)
    {
        if (string.IsNullOrEmpty(streamId))
        {
            throw new InvalidStreamIdException(streamId, "it is empty.");
        }

        if (streamId.Length > MaxLength)
        {
            throw new InvalidStreamIdException(streamId, $"it is {streamId.Length} characters; the limit is {MaxLength}.");
        }

        if (char.IsWhiteSpace(streamId[0]) || char.IsWhiteSpace(streamId[^1]))
        {
            throw new InvalidStreamIdException(streamId, "it starts or ends with whitespace.");
        }

        for (var i = 0; i < streamId.Length; i++)
        {
            var c = streamId[i];
            if (c is '/' or '\\' or '?' or '#')
            {
                throw new InvalidStreamIdException(streamId, $"it contains '{c}' at position {i}; Cosmos DB ids cannot hold '/', '\\', '?' or '#'.");
            }

            if (char.IsControl(c))
            {
                throw new InvalidStreamIdException(streamId, $"it contains the control character U+{(int)c:X4} at position {i}.");
            }

            if (char.IsHighSurrogate(c) && i + 1 < streamId.Length && char.IsLowSurrogate(streamId[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new InvalidStreamIdException(streamId, $"it contains an unpaired UTF-16 surrogate at position {i}.");
            }
        }
    }
}
