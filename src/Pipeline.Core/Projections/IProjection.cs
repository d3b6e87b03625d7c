using Pipeline.Core.Events;

namespace Pipeline.Core.Projections;

/// <summary>The type-erased view of a projection, so one registry (and the store) can hold projections with different state types.</summary>
public interface IProjection
{
    /// <summary>The projection's stable name, used as the key of its state in stored documents.</summary>
    string Name { get; }

    /// <summary>The version of the fold; stored state from another version must be rebuilt from the events.</summary>
    int Version { get; }

    /// <summary>The .NET type of the state.</summary>
    Type StateType { get; }

    /// <summary>Returns the state of a stream with no events.</summary>
    object CreateInitialState();

    /// <summary>Returns the state after one more event; never throws for event content.</summary>
    object Apply(object state, CloudEventEnvelope cloudEvent);

    /// <summary>Returns the state after the events, applied in order.</summary>
    object Fold(object state, IEnumerable<CloudEventEnvelope> events);

    /// <summary>Serializes a state to UTF-8 JSON for storage.</summary>
    byte[] SerializeState(object state);

    /// <summary>Reads a state written by <see cref="SerializeState"/>.</summary>
    object DeserializeState(ReadOnlySpan<byte> utf8Json);
}
