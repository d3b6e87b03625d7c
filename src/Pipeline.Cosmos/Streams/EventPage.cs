namespace Pipeline.Cosmos.Streams;

/// <summary>One page of a stream's history, in version order.</summary>
public sealed class EventPage
{
    internal EventPage(bool streamFound, long streamVersion, IReadOnlyList<StoredEvent> events, long nextVersion, double requestCharge)
    {
        StreamFound = streamFound;
        StreamVersion = streamVersion;
        Events = events;
        NextVersion = nextVersion;
        RequestCharge = requestCharge;
    }

    /// <summary>Whether the stream exists (false: no events, and <see cref="StreamVersion"/> is 0).</summary>
    public bool StreamFound { get; }

    /// <summary>The stream's version when the page was read.</summary>
    public long StreamVersion { get; }

    /// <summary>The events, contiguous and in version order.</summary>
    public IReadOnlyList<StoredEvent> Events { get; }

    /// <summary>The version to ask for next.</summary>
    public long NextVersion { get; }

    /// <summary>Whether the page reaches the end of the stream.</summary>
    public bool IsEndOfStream => NextVersion > StreamVersion;

    /// <summary>Request units charged for the page.</summary>
    public double RequestCharge { get; }
}
