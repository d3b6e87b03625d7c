using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Events;

namespace Pipeline.Core.Projections;

/// <summary>A deterministic left fold of a stream's events into a state: the read model of an event-sourced stream.</summary>
/// <typeparam name="TState">The immutable state type.</typeparam>
public interface IProjection<TState> : IProjection
    where TState : notnull
{
    /// <summary>The state of a stream with no events.</summary>
    TState InitialState { get; }

    /// <summary>How the state is serialized (source-generated, so it works trimmed and AOT).</summary>
    JsonTypeInfo<TState> StateTypeInfo { get; }

    /// <summary>Returns the state after one more event; a pure function that never throws for event content.</summary>
    TState Apply(TState state, CloudEventEnvelope cloudEvent);
}
