namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>One result value, with where it came from so a page can end (and a continuation resume) right after it.</summary>
/// <param name="Rid">The document that produced it (streaming queries).</param>
/// <param name="IndexInDocument">How many results the same document produced before this one.</param>
/// <param name="Value">The projected value (a query value, see <see cref="Values.QueryValues"/>).</param>
internal readonly record struct QueryResult(ulong Rid, int IndexInDocument, object? Value);
