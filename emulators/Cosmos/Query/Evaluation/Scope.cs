namespace Pipeline.Emulators.Cosmos.Query.Evaluation;

/// <summary>
/// What an expression is evaluated against: the values bound to the FROM/JOIN aliases for one row, the query's
/// parameters, and for grouped queries the rows of the group that aggregates fold over.
/// </summary>
internal sealed class Scope(object?[] bindings, IReadOnlyDictionary<string, object?> parameters, IReadOnlyList<object?[]>? group = null)
{
    public object?[] Bindings { get; } = bindings;

    public IReadOnlyDictionary<string, object?> Parameters { get; } = parameters;

    public IReadOnlyList<object?[]>? Group { get; } = group;

    public Scope ForRow(object?[] row) => new(row, Parameters);
}
