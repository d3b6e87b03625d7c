using System.Net;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Errors;

/// <summary>
/// Thrown when an append's expected version does not match the stream; carries the current version and state so the
/// caller can decide and retry without another read.
/// </summary>
public sealed class WrongExpectedVersionException : EventStoreException
{
    /// <summary>Creates the exception for a stream whose version is not the expected one.</summary>
    public WrongExpectedVersionException(string streamId, ExpectedVersion expected, StreamState? current)
        : base($"Stream '{streamId}' is at version {current?.Version ?? 0}, not {expected}.", HttpStatusCode.PreconditionFailed, 0, null)
    {
        StreamId = streamId;
        Expected = expected;
        Current = current;
    }

    /// <summary>Creates the exception with a message.</summary>
    public WrongExpectedVersionException(string message)
        : base(message)
    {
        StreamId = string.Empty;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public WrongExpectedVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
        StreamId = string.Empty;
    }

    /// <summary>Creates the exception without details.</summary>
    public WrongExpectedVersionException()
        : base("The stream is not at the expected version.")
    {
        StreamId = string.Empty;
    }

    /// <summary>The stream appended to.</summary>
    public string StreamId { get; }

    /// <summary>The version the append expected.</summary>
    public ExpectedVersion Expected { get; }

    /// <summary>The stream as it is now, or null when it does not exist.</summary>
    public StreamState? Current { get; }

    /// <summary>The stream's current version (0 when it does not exist).</summary>
    public long CurrentVersion => Current?.Version ?? 0;
}
