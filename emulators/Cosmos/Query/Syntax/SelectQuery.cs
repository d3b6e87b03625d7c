namespace Pipeline.Emulators.Cosmos.Query.Syntax;

/// <summary>One FROM or JOIN source: the alias it binds, and the collection (within the document) it ranges over.</summary>
/// <param name="Alias">The name expressions use.</param>
/// <param name="Slot">Where the alias's value lives in a row.</param>
/// <param name="Source">Null for the document itself; otherwise the expression giving the value (or array) to bind.</param>
/// <param name="Iterates">True for `alias IN expression`: one row per element of the array.</param>
internal sealed record FromSource(string Alias, int Slot, Expression? Source, bool Iterates);

internal sealed record Projection(string Name, Expression Value);

internal sealed record OrderByItem(Expression Value, bool Descending);

/// <summary>A parsed SELECT statement, ready to run over documents by <see cref="Execution.QueryExecutor"/>.</summary>
internal sealed record SelectQuery
{
    public bool Distinct { get; init; }

    public Expression? Top { get; init; }

    /// <summary>True for `SELECT *`.</summary>
    public bool SelectsAll { get; init; }

    /// <summary>The expression of `SELECT VALUE expression`.</summary>
    public Expression? Value { get; init; }

    public IReadOnlyList<Projection> Projections { get; init; } = [];

    public IReadOnlyList<FromSource> From { get; init; } = [];

    /// <summary>The name the FROM clause gives the document itself (`root` in `FROM root r`, `c` in `FROM t IN c.tags`).</summary>
    public string RootName { get; init; } = "c";

    /// <summary>True for a subquery, whose rows extend the row of the outer query instead of starting from a document.</summary>
    public bool Correlated { get; init; }

    public Expression? Where { get; init; }

    public IReadOnlyList<Expression> GroupBy { get; init; } = [];

    public IReadOnlyList<OrderByItem> OrderBy { get; init; } = [];

    public Expression? Offset { get; init; }

    public Expression? Limit { get; init; }

    /// <summary>How many values a row holds: slot 0 is the document, then one per alias that is not the document.</summary>
    public int SlotCount { get; init; }

    /// <summary>
    /// The top-level document properties the query reads, or null when it uses the document as a whole (`SELECT *`,
    /// `VALUE c`, `c[@name]`); documents are read keeping only these.
    /// </summary>
    public string[]? DocumentProperties { get; init; }

    /// <summary>
    /// The top-level document properties WHERE and ORDER BY read (null when they need more), so sorting can read only
    /// those and parse whole documents for the results that make the page.
    /// </summary>
    public string[]? SortProperties { get; init; }

    /// <summary>True for plain ORDER BY queries (no grouping or DISTINCT): results resume by sort position, not by index.</summary>
    public bool SortsByValue => OrderBy.Count > 0 && !Grouped && !Distinct;

    /// <summary>True when the SELECT clause folds rows with COUNT, SUM, MIN, MAX or AVG.</summary>
    public bool Aggregates => Value?.HasAggregate == true || Projections.Any(p => p.Value.HasAggregate);

    public bool Grouped => GroupBy.Count > 0 || Aggregates;

    /// <summary>True when results can be produced document by document, in storage order, without seeing them all first.</summary>
    public bool Streams => !Grouped && OrderBy.Count == 0 && !Distinct;
}
