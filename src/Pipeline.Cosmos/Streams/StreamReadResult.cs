namespace Pipeline.Cosmos.Streams;

/// <summary>The answer to reading a stream's state: the state, or a clear "no such stream".</summary>
public sealed class StreamReadResult
{
    internal StreamReadResult(StreamState? state, bool notModified, double requestCharge)
    {
        State = state;
        NotModified = notModified;
        RequestCharge = requestCharge;
    }

    /// <summary>Whether the stream exists.</summary>
    public bool Found => State is not null;

    /// <summary>The stream's state, or null when it does not exist.</summary>
    public StreamState? State { get; }

    /// <summary>Whether Cosmos DB answered 304 and the cached copy was served.</summary>
    public bool NotModified { get; }

    /// <summary>Request units charged for the read.</summary>
    public double RequestCharge { get; }
}
