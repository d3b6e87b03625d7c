using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Events;

namespace Pipeline.Core.Projections.Summary;

/// <summary>The built-in <c>summary</c> projection, maintained for every stream whatever its event types.</summary>
public sealed class SummaryProjection : Projection<SummaryState>
{
    /// <summary>The projection's name.</summary>
    public const string ProjectionName = "summary";

    /// <inheritdoc />
    public override string Name => ProjectionName;

    /// <inheritdoc />
    public override int Version => 1;

    /// <inheritdoc />
    public override SummaryState InitialState => SummaryState.Empty;

    /// <inheritdoc />
    public override JsonTypeInfo<SummaryState> StateTypeInfo => ProjectionJsonContext.Default.SummaryState;

    /// <inheritdoc />
    public override SummaryState Apply(SummaryState state, CloudEventEnvelope cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(cloudEvent);

        // Stored state is deserialized with the default comparer; re-key it so the order never depends on culture.
        var counts = state.CountByType.KeyComparer == StringComparer.Ordinal
            ? state.CountByType
            : state.CountByType.WithComparers(StringComparer.Ordinal);

        return new SummaryState(
            state.TotalCount + 1,
            counts.SetItem(cloudEvent.Type, counts.GetValueOrDefault(cloudEvent.Type) + 1),
            state.FirstEventTime ?? cloudEvent.Time,
            cloudEvent.Time ?? state.LastEventTime,
            cloudEvent.Id);
    }
}
