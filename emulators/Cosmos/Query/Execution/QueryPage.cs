namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>One page of query results, the token to resume after it (null on the last page) and how many documents it read.</summary>
internal sealed record QueryPage(List<object?> Results, string? Continuation, int Examined);
