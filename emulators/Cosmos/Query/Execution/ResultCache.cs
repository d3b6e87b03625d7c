namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>
/// The complete results of recently run sorting, grouping or deduplicating queries, so draining one page by page sorts
/// the container once rather than once per page. Keys include the container's last LSN, so any write starts afresh.
/// </summary>
internal sealed class ResultCache(int capacity = 8)
{
    private readonly LinkedList<(string Key, List<QueryResult> Results)> entries = new();
    private readonly Lock gate = new();

    public List<QueryResult> GetOrAdd(string key, Func<List<QueryResult>> compute)
    {
        lock (gate)
        {
            for (var node = entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key)
                {
                    entries.Remove(node);
                    entries.AddFirst(node);
                    return node.Value.Results;
                }
            }
        }

        var results = compute();
        lock (gate)
        {
            entries.AddFirst((key, results));
            while (entries.Count > capacity)
            {
                entries.RemoveLast();
            }
        }

        return results;
    }
}
