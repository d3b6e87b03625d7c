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
        var position = Position.Parse(continuation, streams);
        var end = (long)executor.Skip + executor.Take;
        var results = new List<object?>();
        if (!streams)
        {
            List<object?> Compute() => executor.Matches(documentsFrom(0)).Skip(executor.Skip).Take(executor.Take).Select(r => r.Value).ToList();
            var all = materialized is var (cache, key) ? cache.GetOrAdd(key, Compute) : Compute();
            results.AddRange(all.Skip((int)Math.Min(position.Ordinal, all.Count)).Take(maxItems));
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
