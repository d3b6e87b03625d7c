namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>One result value, with where it came from so a page can end (and a continuation resume) right after it.</summary>
/// <param name="Rid">The document that produced it (streaming and sorted queries).</param>
/// <param name="IndexInDocument">How many rows the same document produced before this one.</param>
/// <param name="Value">The projected value (a query value, see <see cref="Values.QueryValues"/>).</param>
/// <param name="Keys">The ORDER BY values of the row, for queries that resume by sort position.</param>
internal readonly record struct QueryResult(ulong Rid, int IndexInDocument, object? Value, object?[]? Keys = null);
