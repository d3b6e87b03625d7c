using Pipeline.Core.Projections;

namespace Pipeline.Cosmos.Streams;

/// <summary>One projection's folded state of a stream, as JSON, with the projection version that produced it.</summary>
/// <param name="Name">The projection's name.</param>
/// <param name="Version">The projection version the state was folded with.</param>
/// <param name="Json">The state as UTF-8 JSON (the projection's own serialization).</param>
public sealed record ProjectionState(string Name, int Version, ReadOnlyMemory<byte> Json)
{
    /// <summary>Reads the state as the projection's state type.</summary>
    public object Deserialize(IProjection projection)
    {
        ArgumentNullException.ThrowIfNull(projection);
        return projection.DeserializeState(Json.Span);
    }
}
