using Pipeline.Core.Events;
using Pipeline.Core.Projections;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Folding;

/// <summary>
/// Keeps the tip's projection states in step with the code: folds new events into each registered projection, and
/// tells which stored states came from another projection version (or are missing) and must be rebuilt from history.
/// </summary>
internal sealed class ProjectionFolder(ProjectionRegistry registry)
{
    public IEnumerable<string> Order => registry.All.Select(p => p.Name);

    public bool NeedsRebuild(IReadOnlyDictionary<string, ProjectionState> stored) =>
        registry.All.Any(p => !IsCurrent(p, stored));

    /// <summary>
    /// States after <paramref name="events"/>, stored and as objects; projections absent from <paramref name="current"/>
    /// start from their initial state. <paramref name="folded"/> are the objects a previous fold returned with
    /// <paramref name="current"/> (projection states are immutable), which spares parsing the stored JSON again.
    /// </summary>
    public (Dictionary<string, ProjectionState> States, object[] Folded) Fold(
        IReadOnlyDictionary<string, ProjectionState> current, IReadOnlyList<object>? folded, IReadOnlyList<CloudEventEnvelope> events)
    {
        var projections = registry.All;
        var result = new Dictionary<string, ProjectionState>(projections.Count, StringComparer.Ordinal);
        var objects = new object[projections.Count];
        for (var k = 0; k < projections.Count; k++)
        {
            var projection = projections[k];
            var state = current.TryGetValue(projection.Name, out var stored) && stored.Version == projection.Version
                ? folded?[k] ?? projection.DeserializeState(stored.Json.Span)
                : projection.CreateInitialState();
            state = projection.Fold(state, events);
            objects[k] = state;
            result[projection.Name] = new ProjectionState(projection.Name, projection.Version, projection.SerializeState(state));
        }

        return (result, objects);
    }

    /// <summary>Rebuilds every stale projection from the whole history and keeps the current ones as they are.</summary>
    public Dictionary<string, ProjectionState> Rebuild(IReadOnlyDictionary<string, ProjectionState> stored, IReadOnlyList<CloudEventEnvelope> history)
    {
        var result = new Dictionary<string, ProjectionState>(StringComparer.Ordinal);
        foreach (var projection in registry.All)
        {
            if (IsCurrent(projection, stored))
            {
                result[projection.Name] = stored[projection.Name];
                continue;
            }

            var state = projection.Fold(projection.CreateInitialState(), history);
            result[projection.Name] = new ProjectionState(projection.Name, projection.Version, projection.SerializeState(state));
        }

        return result;
    }

    private static bool IsCurrent(IProjection projection, IReadOnlyDictionary<string, ProjectionState> stored) =>
        stored.TryGetValue(projection.Name, out var state) && state.Version == projection.Version;
}
