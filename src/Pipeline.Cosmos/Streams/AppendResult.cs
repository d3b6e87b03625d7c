namespace Pipeline.Cosmos.Streams;

/// <summary>What an append did: the stream's version after it, which events got which versions, which were duplicates, and what it cost.</summary>
public sealed class AppendResult
{
    internal AppendResult(StreamState state, long firstAppendedVersion, int appendedCount, IReadOnlyList<DuplicateEvent> duplicates, int documentWrites, double requestCharge)
    {
        State = state;
        FirstAppendedVersion = firstAppendedVersion;
        AppendedCount = appendedCount;
        Duplicates = duplicates;
        DocumentWrites = documentWrites;
        RequestCharge = requestCharge;
    }

    /// <summary>The stream after the append (version, metadata, projection states).</summary>
    public StreamState State { get; }

    /// <summary>The stream's version after the append.</summary>
    public long Version => State.Version;

    /// <summary>The version given to the first appended event (meaningless when <see cref="AppendedCount"/> is 0).</summary>
    public long FirstAppendedVersion { get; }

    /// <summary>How many events were appended (the rest were duplicates).</summary>
    public int AppendedCount { get; }

    /// <summary>The events skipped as already applied, in input order.</summary>
    public IReadOnlyList<DuplicateEvent> Duplicates { get; }

    /// <summary>Documents created or replaced (tip writes plus calved batches; 0 when everything was a duplicate).</summary>
    public int DocumentWrites { get; }

    /// <summary>Request units charged by Cosmos DB for every request the append made, retries included.</summary>
    public double RequestCharge { get; }
}
