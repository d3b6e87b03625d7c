using System.Diagnostics.CodeAnalysis;
using Pipeline.Core.Projections.Playback;
using Pipeline.Core.Projections.Summary;

namespace Pipeline.Core.Projections;

/// <summary>The set of projections the pipeline maintains for every stream, looked up by name.</summary>
public sealed class ProjectionRegistry
{
    private readonly Dictionary<string, IProjection> byName = new(StringComparer.Ordinal);
    private readonly List<IProjection> all = [];

    /// <summary>Creates a registry; names must be unique and made of lower-case letters, digits and '-'.</summary>
    public ProjectionRegistry(IEnumerable<IProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(projections);
        foreach (var projection in projections)
        {
            ArgumentNullException.ThrowIfNull(projection, nameof(projections));
            if (!IsValidName(projection.Name))
            {
                throw new ArgumentException($"Projection name '{projection.Name}' must be 1-64 characters of a-z, 0-9 and '-'.", nameof(projections));
            }

            if (!byName.TryAdd(projection.Name, projection))
            {
                throw new ArgumentException($"Two projections are named '{projection.Name}'.", nameof(projections));
            }

            all.Add(projection);
        }
    }

    /// <summary>The projections, in registration order.</summary>
    public IReadOnlyList<IProjection> All => all;

    /// <summary>Creates the registry of the built-in projections: <c>summary</c> and <c>playback</c>.</summary>
    public static ProjectionRegistry CreateDefault() => new([new SummaryProjection(), new PlaybackProjection()]);

    /// <summary>Finds a projection by name.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out IProjection? projection) => byName.TryGetValue(name, out projection);

    /// <summary>Returns the projection with this name.</summary>
    /// <exception cref="ProjectionNotFoundException">No projection has this name.</exception>
    public IProjection Get(string name) => TryGet(name, out var projection) ? projection : throw new ProjectionNotFoundException(name);

    private static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
