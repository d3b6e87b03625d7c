using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// A stream's tip document in memory: the stream's version range, the buffer of recent events, each projection's
/// state, and the idempotency marks (high-water mark per Event Hubs partition, window of recent ids).
/// </summary>
internal sealed class Tip
{
    /// <summary>The fixed id of every stream's tip document (batch ids are positive versions, so they never collide).</summary>
    public const string DocumentId = "-1";

    public required string StreamId { get; init; }

    /// <summary>First version held in the buffer (<c>i</c>); everything before it is in batches.</summary>
    public required long First { get; init; }

    /// <summary>One past the stream's last version (<c>n</c>).</summary>
    public required long Next { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset Updated { get; init; }

    public required IReadOnlyDictionary<string, long> HighWaterMarks { get; init; }

    /// <summary>Recent event ids older than the buffer, oldest first; with the buffer's ids they form the id window.</summary>
    public required IReadOnlyList<string> OlderIds { get; init; }

    public required IReadOnlyDictionary<string, ProjectionState> States { get; init; }

    public required EventBuffer Buffer { get; init; }

    /// <summary>
    /// The states of <see cref="States"/> as the objects the fold produced, in the registry's order (null for a tip read
    /// from Cosmos DB): the next append folds on from them instead of parsing the stored JSON again.
    /// </summary>
    public IReadOnlyList<object>? Folded { get; init; }

    /// <summary>The document's etag, or null for a tip not yet written.</summary>
    public string? ETag { get; init; }

    public long Version => Next - 1;

    public int BufferBytes => Buffer.EventBytes;

    public StreamState ToStreamState(IEnumerable<string> projectionOrder) => new(
        StreamId,
        Version,
        Created,
        Updated,
        ETag ?? string.Empty,
        projectionOrder.Where(States.ContainsKey).Select(name => States[name]).ToList());
}
