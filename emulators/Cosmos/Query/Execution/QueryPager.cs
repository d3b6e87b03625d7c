using System.Globalization;

namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>
/// Cuts a query's results into pages and resumes from a continuation token, so any iterator (even a new one) can carry on.
/// Streaming queries resume at the document after the last one served (token `s:rid:skip:ordinal`: the document's `_rid`
/// number, how many of its results were served, how many results came before, for OFFSET/LIMIT); queries that sort,
/// group or deduplicate are recomputed and resume at a position in the result (token `m:position`).
/// </summary>
internal static class QueryPager
{
    /// <param name="executor">The query, parameters bound.</param>
    /// <param name="streams">Whether the query can produce results document by document.</param>
    /// <param name="documentsFrom">The documents in `_rid` order, starting at the given `_rid` number.</param>
    /// <param name="continuation">The token of the previous page, or null for the first.</param>
    /// <param name="maxItems">The most results a page may hold.</param>
    /// <param name="materialized">Where complete results of non-streaming queries are kept between pages, under a key naming the query, its parameters and the data's version.</param>
    public static QueryPage Next(
        QueryExecutor executor,
        bool streams,
        Func<ulong, IEnumerable<QueryDocument>> documentsFrom,
        string? continuation,
        int maxItems,
        (ResultCache Cache, string Key)? materialized = null)
    {
        if (executor.SortsByValue)
        {
            return NextSorted(executor, documentsFrom, continuation, maxItems, materialized);
        }

        var position = Position.Parse(continuation, streams);
        var end = (long)executor.Skip + executor.Take;
        var results = new List<object?>();
        if (!streams)
        {
            List<QueryResult> Compute() => executor.Matches(documentsFrom(0)).Skip(executor.Skip).Take(executor.Take).ToList();
            var all = materialized is var (cache, key) ? cache.GetOrAdd(key, Compute) : Compute();
            results.AddRange(all.Skip((int)Math.Min(position.Ordinal, all.Count)).Take(maxItems).Select(r => r.Value));
            var next = position.Ordinal + results.Count;
            return new QueryPage(results, next < all.Count ? "m:" + next.ToString(CultureInfo.InvariantCulture) : null, executor.Examined);
        }

        var ordinal = position.Ordinal;
        QueryResult? last = null;
        string? token = null;
        foreach (var result in executor.Matches(documentsFrom(position.Rid)))
        {
            if (result.Rid == position.Rid && result.IndexInDocument < position.Skip)
            {
                continue;
            }

            if (ordinal >= end)
            {
                break;
            }

            if (results.Count == maxItems)
            {
                // Another result exists: the page ends after the last one served.
                token = string.Create(CultureInfo.InvariantCulture, $"s:{last!.Value.Rid}:{last.Value.IndexInDocument + 1}:{ordinal}");
                break;
            }

            if (ordinal >= executor.Skip)
            {
                results.Add(result.Value);
                last = result;
            }

            ordinal++;
        }

        return new QueryPage(results, token, executor.Examined);
    }

    /// <summary>A page of an ORDER BY query: the results after the sort position in the token (token `o:…`).</summary>
    private static QueryPage NextSorted(
        QueryExecutor executor,
        Func<ulong, IEnumerable<QueryDocument>> documentsFrom,
        string? continuation,
        int maxItems,
        (ResultCache Cache, string Key)? materialized)
    {
        SortPosition? after = null;
        if (!string.IsNullOrEmpty(continuation))
        {
            after = SortPosition.IsToken(continuation) ? SortPosition.Parse(continuation, executor.SortColumns) : throw new InvalidContinuationException(continuation);
        }

        List<QueryResult> Compute() => executor.Matches(documentsFrom(0)).Take((int)Math.Min(int.MaxValue, (long)executor.Skip + executor.Take)).ToList();
        var all = materialized is var (cache, key) ? cache.GetOrAdd(key, Compute) : Compute();
        var start = executor.Skip;
        if (after is not null)
        {
            // The first result past the position: results are sorted, so a binary search finds it.
            int low = 0, high = all.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                var r = all[middle];
                if (executor.Compare(r.Keys!, r.Rid, r.IndexInDocument, after.Keys, after.Rid, after.Index) <= 0)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            start = Math.Max(start, low);
        }

        var page = all.Skip(start).Take(maxItems).ToList();
        var next = start + page.Count < all.Count ? new SortPosition(page[^1].Keys!, page[^1].Rid, page[^1].IndexInDocument).ToToken() : null;
        return new QueryPage(page.Select(r => r.Value).ToList(), next, executor.Examined);
    }

    private readonly record struct Position(ulong Rid, int Skip, long Ordinal)
    {
        public static Position Parse(string? token, bool streams)
        {
            if (string.IsNullOrEmpty(token))
            {
                return default;
            }

            var parts = token.Trim('"').Split(':');
            if (streams && parts.Length == 4 && parts[0] == "s"
                && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rid)
                && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
                && long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                return new Position(rid, skip, ordinal);
            }

            if (!streams && parts.Length == 2 && parts[0] == "m" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                return new Position(0, 0, at);
            }

            throw new InvalidContinuationException(token);
        }
    }
}
