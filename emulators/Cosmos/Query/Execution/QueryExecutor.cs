using System.Globalization;
using Pipeline.Emulators.Cosmos.Query.Evaluation;
using Pipeline.Emulators.Cosmos.Query.Syntax;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>
/// Runs a <see cref="SelectQuery"/> over documents in clause order: FROM and JOIN expand rows, WHERE keeps rows whose
/// predicate is true, GROUP BY and aggregates fold, ORDER BY sorts (by type rank, then value), SELECT projects and drops
/// undefined results, DISTINCT removes duplicates, then OFFSET LIMIT or TOP slice.
/// </summary>
internal sealed class QueryExecutor
{
    private readonly SelectQuery query;
    private readonly IReadOnlyDictionary<string, object?> parameters;

    public QueryExecutor(SelectQuery query, IReadOnlyDictionary<string, object?> parameters)
    {
        this.query = query;
        this.parameters = parameters;
        var offset = Count(query.Offset);
        var limit = Count(query.Limit ?? query.Top);
        Skip = offset ?? 0;
        Take = limit ?? int.MaxValue;
    }

    /// <summary>How many matching results OFFSET skips.</summary>
    public int Skip { get; }

    /// <summary>How many results LIMIT or TOP lets through.</summary>
    public int Take { get; }

    /// <summary>True for plain ORDER BY queries, whose pages resume at a sort position.</summary>
    public bool SortsByValue => query.SortsByValue;

    public int SortColumns => query.OrderBy.Count;

    /// <summary>How many documents the last enumeration parsed (the query charge grows with it).</summary>
    public int Examined { get; private set; }

    /// <summary>
    /// Every result before OFFSET/LIMIT/TOP. Streaming queries produce results lazily, document by document; the others
    /// read every document first.
    /// </summary>
    public IEnumerable<QueryResult> Matches(IEnumerable<QueryDocument> documents)
    {
        // Without FROM the SELECT clause is evaluated once, whatever the container holds.
        documents = query.From.Count == 0 ? [new QueryDocument(0, [])] : documents;
        if (query.SortsByValue)
        {
            // Rows past OFFSET + LIMIT are never needed, unless projecting may drop rows (an undefined VALUE).
            var needed = query.Value is null ? (long)Skip + Take : long.MaxValue;
            return Sorted(documents, needed);
        }

        return query.Streams ? Stream(documents) : Materialize(documents.SelectMany(Rows).ToList());
    }

    /// <summary>The results of a subquery for one row of the outer query, whose aliases it may read.</summary>
    public List<object?> RunCorrelated(object?[] outer)
    {
        var start = new object?[Math.Max(outer.Length, query.SlotCount)];
        outer.CopyTo(start, 0);
        var rows = Expand(start, 0).Where(r => query.Where is null || query.Where.Evaluate(new Scope(r, parameters)) is true);
        IEnumerable<object?> values = query.Streams
            ? rows.Select(r => Project(new Scope(r, parameters))).Where(QueryValues.IsDefined)
            : Materialize(rows.ToList()).Select(r => r.Value);
        return values.Skip(Skip).Take(Take).ToList();
    }

    /// <summary>The complete result of the query, OFFSET/LIMIT/TOP applied.</summary>
    public List<object?> Run(IEnumerable<QueryDocument> documents) =>
        Matches(documents).Skip(Skip).Take(Take).Select(r => r.Value).ToList();

    private IEnumerable<QueryResult> Stream(IEnumerable<QueryDocument> documents)
    {
        foreach (var document in documents)
        {
            var index = 0;
            foreach (var row in Rows(document))
            {
                var value = Project(new Scope(row, parameters));
                if (value is not Undefined)
                {
                    yield return new QueryResult(document.Rid, index++, value);
                }
            }
        }
    }

    /// <summary>
    /// ORDER BY without grouping: keeps the best <paramref name="needed"/> rows in a bounded heap (all rows when unbounded),
    /// ties broken by document in the direction of the first sort column, as the service's index does. When WHERE and
    /// ORDER BY read only top-level properties, documents are parsed for those first and whole only for the winners.
    /// </summary>
    private IEnumerable<QueryResult> Sorted(IEnumerable<QueryDocument> documents, long needed)
    {
        var comparer = Comparer<SortedRow>.Create(CompareRows);
        var twoPhase = query.From.Count == 1 && query.From[0].Source is null && query.SortProperties is not null;
        var bounded = needed < 100_000;
        var heap = new PriorityQueue<SortedRow, SortedRow>(Comparer<SortedRow>.Create((x, y) => CompareRows(y, x)));
        var all = new List<SortedRow>();
        foreach (var document in documents)
        {
            Examined++;
            var row = new object?[query.SlotCount];
            row[0] = query.From.Count == 0 ? Undefined.Value
                : twoPhase ? JsonConversion.Read(document.Body, query.SortProperties!)
                : query.DocumentProperties is { } properties ? JsonConversion.Read(document.Body, properties)
                : JsonConversion.Read(document.Body);
            var index = 0;
            foreach (var expanded in ExpandAndFilter(row))
            {
                var scope = new Scope(expanded, parameters);
                var keys = new object?[query.OrderBy.Count];
                for (var i = 0; i < keys.Length; i++)
                {
                    keys[i] = query.OrderBy[i].Value.Evaluate(scope);
                }

                var rowIndex = index++;
                if (!bounded)
                {
                    all.Add(new SortedRow(keys, document.Rid, rowIndex, expanded, document.Body));
                }
                else if (heap.Count < needed)
                {
                    var candidate = new SortedRow(keys, document.Rid, rowIndex, expanded, document.Body);
                    heap.Enqueue(candidate, candidate);
                }
                else if (needed > 0)
                {
                    // Most rows lose to the worst kept one: compare before building anything for them.
                    var worst = heap.Peek();
                    if (Compare(keys, document.Rid, rowIndex, worst.Keys, worst.Rid, worst.Index) < 0)
                    {
                        var candidate = new SortedRow(keys, document.Rid, rowIndex, expanded, document.Body);
                        heap.DequeueEnqueue(candidate, candidate);
                    }
                }
            }
        }

        if (bounded)
        {
            all.AddRange(heap.UnorderedItems.Select(i => i.Element));
        }

        all.Sort(comparer);
        foreach (var winner in bounded || needed >= all.Count ? all : all.Take((int)needed))
        {
            var row = winner.Row;
            if (twoPhase)
            {
                row = (object?[])row.Clone();
                row[0] = query.DocumentProperties is { } wanted ? JsonConversion.Read(winner.Body, wanted) : JsonConversion.Read(winner.Body);
            }

            var value = Project(new Scope(row, parameters));
            if (value is not Undefined)
            {
                yield return new QueryResult(winner.Rid, winner.Index, value, winner.Keys);
            }
        }
    }

    /// <summary>The sort order of two results: their ORDER BY values, then document and row within it.</summary>
    public int CompareRows(SortedRow x, SortedRow y) => Compare(x.Keys, x.Rid, x.Index, y.Keys, y.Rid, y.Index);

    /// <summary>Orders a result against a sort position (values, document, row), as continuation tokens record it.</summary>
    public int Compare(object?[] keys, ulong rid, int index, object?[] otherKeys, ulong otherRid, int otherIndex)
    {
        var order = CompareKeys(keys, otherKeys);
        if (order != 0)
        {
            return order;
        }

        order = rid.CompareTo(otherRid);
        if (order != 0)
        {
            return query.OrderBy[0].Descending ? -order : order;
        }

        return index.CompareTo(otherIndex);
    }

    private IEnumerable<object?[]> ExpandAndFilter(object?[] row)
    {
        var expanded = query.From.Count == 1 && query.From[0].Source is null ? [row] : Expand(row, 0);
        foreach (var candidate in expanded)
        {
            if (query.Where is null || query.Where.Evaluate(new Scope(candidate, parameters)) is true)
            {
                yield return candidate;
            }
        }
    }

    private IEnumerable<QueryResult> Materialize(List<object?[]> rows)
    {
        IEnumerable<object?> values;
        if (query.Grouped)
        {
            values = Groups(rows).Select(group => Project(new Scope(group.Count == 0 ? new object?[query.SlotCount] : group[0], parameters, group)));
        }
        else
        {
            // Rows past OFFSET + LIMIT are never projected, unless projecting may drop rows (an undefined VALUE) or
            // DISTINCT may merge them; then every row is projected first.
            var needed = !query.Distinct && query.Value is null ? (long)Skip + Take : long.MaxValue;
            IEnumerable<object?[]> ordered = needed < rows.Count ? rows.Take((int)needed) : rows;
            if (query.OrderBy.Count > 0)
            {
                var keyed = rows.Select(r => (Row: r, Keys: query.OrderBy.Select(o => o.Value.Evaluate(new Scope(r, parameters))).ToArray())).ToList();
                var sorted = keyed.Order(Comparer<(object?[] Row, object?[] Keys)>.Create((x, y) => CompareKeys(x.Keys, y.Keys)));
                ordered = (needed < rows.Count ? sorted.Take((int)needed) : sorted).Select(k => k.Row);
            }

            values = ordered.Select(r => Project(new Scope(r, parameters)));
        }

        var results = values.Where(QueryValues.IsDefined);
        if (query.Distinct)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            results = results.Where(v => seen.Add(Canonical.Key(v)));
        }

        return results.Select((value, index) => new QueryResult(0, index, value));
    }

    /// <summary>One row of an ORDER BY query with its sort values and where it came from.</summary>
    internal sealed record SortedRow(object?[] Keys, ulong Rid, int Index, object?[] Row, byte[] Body);

    private int CompareKeys(object?[] x, object?[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var order = QueryValues.Order(x[i], y[i]);
            if (order != 0)
            {
                return query.OrderBy[i].Descending ? -order : order;
            }
        }

        return 0;
    }

    private List<List<object?[]>> Groups(List<object?[]> rows)
    {
        if (query.GroupBy.Count == 0)
        {
            // Aggregates without GROUP BY fold the whole input into one result, even when it is empty.
            return [rows];
        }

        var groups = new Dictionary<string, List<object?[]>>(StringComparer.Ordinal);
        var order = new List<List<object?[]>>();
        foreach (var row in rows)
        {
            var scope = new Scope(row, parameters);
            var key = string.Join('\u0001', query.GroupBy.Select(g => Canonical.Key(g.Evaluate(scope))));
            if (!groups.TryGetValue(key, out var group))
            {
                group = [];
                groups[key] = group;
                order.Add(group);
            }

            group.Add(row);
        }

        return order;
    }

    private object? Project(Scope scope)
    {
        if (query.SelectsAll)
        {
            return scope.Bindings[query.From[0].Slot];
        }

        if (query.Value is not null)
        {
            return query.Value.Evaluate(scope);
        }

        var result = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var projection in query.Projections)
        {
            var value = projection.Value.Evaluate(scope);
            if (value is not Undefined)
            {
                result[projection.Name] = value;
            }
        }

        return result;
    }

    private IEnumerable<object?[]> Rows(QueryDocument document)
    {
        Examined++;
        var row = new object?[query.SlotCount];
        row[0] = query.From.Count == 0 ? Undefined.Value
            : query.DocumentProperties is { } properties ? JsonConversion.Read(document.Body, properties)
            : JsonConversion.Read(document.Body);
        if (query.From.Count == 1 && query.From[0].Source is null)
        {
            // The common `FROM c` needs no expansion.
            if (query.Where is null || query.Where.Evaluate(new Scope(row, parameters)) is true)
            {
                yield return row;
            }

            yield break;
        }

        foreach (var expanded in Expand(row, 0))
        {
            if (query.Where is null || query.Where.Evaluate(new Scope(expanded, parameters)) is true)
            {
                yield return expanded;
            }
        }
    }

    private IEnumerable<object?[]> Expand(object?[] row, int source)
    {
        if (source == query.From.Count)
        {
            yield return row;
            yield break;
        }

        var from = query.From[source];
        if (from.Source is null)
        {
            foreach (var expanded in Expand(row, source + 1))
            {
                yield return expanded;
            }

            yield break;
        }

        var value = from.Source.Evaluate(new Scope(row, parameters));
        IEnumerable<object?> bound = from.Iterates ? value as List<object?> ?? [] : value is Undefined ? [] : [value];
        foreach (var element in bound)
        {
            var next = (object?[])row.Clone();
            next[from.Slot] = element;
            foreach (var expanded in Expand(next, source + 1))
            {
                yield return expanded;
            }
        }
    }

    private int? Count(Expression? expression)
    {
        if (expression is null)
        {
            return null;
        }

        return expression.Evaluate(new Scope([], parameters)) is double d && d >= 0 && d == Math.Floor(d) && d <= int.MaxValue
            ? (int)d
            : throw new QueryException(
                string.Create(CultureInfo.InvariantCulture, $"OFFSET, LIMIT and TOP take a non-negative integer"), expression.Position);
    }
}
