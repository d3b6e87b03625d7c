using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Events;

namespace Pipeline.Core.Projections;

/// <summary>Base class that implements the type-erased <see cref="IProjection"/> view on top of a typed fold.</summary>
/// <typeparam name="TState">The immutable state type.</typeparam>
public abstract class Projection<TState> : IProjection<TState>
    where TState : notnull
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract int Version { get; }

    /// <inheritdoc />
    public abstract TState InitialState { get; }

    /// <inheritdoc />
    public abstract JsonTypeInfo<TState> StateTypeInfo { get; }

    /// <inheritdoc />
    public Type StateType => typeof(TState);

    /// <inheritdoc />
    public abstract TState Apply(TState state, CloudEventEnvelope cloudEvent);

    /// <summary>Returns the state after the events, applied in order.</summary>
    public TState Fold(TState state, IEnumerable<CloudEventEnvelope> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var cloudEvent in events)
        {
            state = Apply(state, cloudEvent);
        }

        return state;
    }

    /// <summary>Serializes a state to UTF-8 JSON.</summary>
    public byte[] SerializeState(TState state) => JsonSerializer.SerializeToUtf8Bytes(state, StateTypeInfo);

    /// <summary>Reads a state written by <see cref="SerializeState(TState)"/>.</summary>
    /// <exception cref="JsonException">The JSON is not a state of this projection.</exception>
    public TState DeserializeState(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, StateTypeInfo) ?? throw new JsonException($"The stored state of projection '{Name}' is null.");

    object IProjection.CreateInitialState() => InitialState;

    object IProjection.Apply(object state, CloudEventEnvelope cloudEvent) => Apply(Cast(state), cloudEvent);

    object IProjection.Fold(object state, IEnumerable<CloudEventEnvelope> events) => Fold(Cast(state), events);

    byte[] IProjection.SerializeState(object state) => SerializeState(Cast(state));

    object IProjection.DeserializeState(ReadOnlySpan<byte> utf8Json) => DeserializeState(utf8Json);

    private TState Cast(object state) => state is TState typed
        ? typed
        : throw new ArgumentException($"Projection '{Name}' expects state of type {typeof(TState).Name}, not {state?.GetType().Name ?? "null"}.", nameof(state));
}
