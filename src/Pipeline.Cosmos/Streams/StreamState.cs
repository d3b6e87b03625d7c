namespace Pipeline.Cosmos.Streams;

/// <summary>What the tip says about a stream: its version, when it was created and last updated, and every projection's state.</summary>
public sealed class StreamState
{
    internal StreamState(string streamId, long version, DateTimeOffset created, DateTimeOffset updated, string etag, IReadOnlyList<ProjectionState> projections)
    {
        StreamId = streamId;
        Version = version;
        Created = created;
        Updated = updated;
        ETag = etag;
        Projections = projections;
    }

    /// <summary>The stream id (the Cosmos DB partition key value).</summary>
    public string StreamId { get; }

    /// <summary>The version of the stream's last event, which is its event count.</summary>
    public long Version { get; }

    /// <summary>When the stream's first event was stored.</summary>
    public DateTimeOffset Created { get; }

    /// <summary>When the stream last changed.</summary>
    public DateTimeOffset Updated { get; }

    /// <summary>The tip document's etag: it changes whenever the stream does, so it serves as an HTTP ETag.</summary>
    public string ETag { get; }

    /// <summary>The state of every registered projection, in registration order.</summary>
    public IReadOnlyList<ProjectionState> Projections { get; }

    /// <summary>Finds a projection's state by name.</summary>
    public ProjectionState? FindProjection(string name) => Projections.FirstOrDefault(p => p.Name == name);
}
