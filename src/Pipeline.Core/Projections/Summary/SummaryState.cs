using System.Collections.Immutable;

namespace Pipeline.Core.Projections.Summary;

/// <summary>What every stream can say about itself regardless of its domain: how many events of which types, and when.</summary>
/// <param name="TotalCount">Number of events folded.</param>
/// <param name="CountByType">Number of events per CloudEvents <c>type</c>, sorted by type (ordinal).</param>
/// <param name="FirstEventTime">The <c>time</c> of the first event that carried one.</param>
/// <param name="LastEventTime">The <c>time</c> of the most recent event that carried one.</param>
/// <param name="LastEventId">The <c>id</c> of the most recent event.</param>
public sealed record SummaryState(
    long TotalCount,
    ImmutableSortedDictionary<string, long> CountByType,
    DateTimeOffset? FirstEventTime,
    DateTimeOffset? LastEventTime,
    string? LastEventId)
{
    /// <summary>The summary of a stream with no events.</summary>
    public static SummaryState Empty { get; } = new(0, ImmutableSortedDictionary.Create<string, long>(StringComparer.Ordinal), null, null, null);
}
