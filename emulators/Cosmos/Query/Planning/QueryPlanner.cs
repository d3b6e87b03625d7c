using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Query.Evaluation;
using Pipeline.Emulators.Cosmos.Query.Syntax;

namespace Pipeline.Emulators.Cosmos.Query.Planning;

/// <summary>
/// The `queryInfo` of a query plan, as the gateway's query engine writes it: what the SDK must do across partition
/// ranges (merge by ORDER BY, fold partial aggregates, group, deduplicate, apply TOP and OFFSET LIMIT) and the rewritten
/// query each range runs — ORDER BY queries return `_rid`, `orderByItems` and `payload`, with a filter placeholder
/// the SDK replaces when it resumes; aggregates return partial results (`{"item": …}`) the SDK can add up.
/// </summary>
internal static class QueryPlanner
{
    /// <summary>The text SDKs replace with `true` or with the filter that resumes an ORDER BY query.</summary>
    public const string FilterPlaceholder = "{documentdb-formattableorderbyquery-filter}";

    public static JsonObject QueryInfo(SelectQuery query, IReadOnlyDictionary<string, object?> parameters)
    {
        var executor = new Execution.QueryExecutor(query, parameters);
        var aggregates = new JsonArray();
        var aliases = new JsonArray();
        var aliasTypes = new JsonObject();
        if (query.Value is not null && query.Grouped)
        {
            if (query.Value is AggregateExpression aggregate)
            {
                aggregates.Add(Operator(aggregate.Name));
            }
            else if (query.Value.HasAggregate)
            {
                throw NotServable(query.Value);
            }
        }
        else if (query.Grouped)
        {
            foreach (var projection in query.Projections)
            {
                aliases.Add(projection.Name);
                aliasTypes[projection.Name] = projection.Value switch
                {
                    AggregateExpression aggregate => Operator(aggregate.Name),
                    { HasAggregate: true } => throw NotServable(projection.Value),
                    _ => null,
                };
            }
        }

        return new JsonObject
        {
            ["distinctType"] = !query.Distinct ? "None" : query.OrderBy.Count > 0 ? "Ordered" : "Unordered",
            ["top"] = query.Top is null ? null : executor.Take,
            ["offset"] = query.Offset is null ? null : executor.Skip,
            ["limit"] = query.Limit is null ? null : executor.Take,
            ["orderBy"] = new JsonArray([.. query.OrderBy.Select(o => (JsonNode)(o.Descending ? "Descending" : "Ascending"))]),
            ["orderByExpressions"] = new JsonArray([.. query.OrderBy.Select(o => (JsonNode)SqlWriter.Write(o.Value))]),
            ["groupByExpressions"] = new JsonArray([.. query.GroupBy.Select(g => (JsonNode)SqlWriter.Write(g))]),
            ["groupByAliases"] = aliases,
            ["aggregates"] = aggregates,
            ["groupByAliasToAggregateType"] = aliasTypes,
            ["rewrittenQuery"] = Rewrite(query, executor),
            ["hasSelectValue"] = query.Value is not null,
            ["dCountInfo"] = null,
            ["hasNonStreamingOrderBy"] = false,
        };
    }

    /// <summary>True when the SDK must run a pipeline over the ranges; otherwise each range can run the query as written.</summary>
    public static bool NeedsPipeline(SelectQuery query) =>
        query.OrderBy.Count > 0 || query.Grouped || query.Distinct || query.Top is not null || query.Offset is not null;

    private static string Rewrite(SelectQuery query, Execution.QueryExecutor executor)
    {
        var where = query.Where is null ? null : SqlWriter.Write(query.Where);
        var text = new StringBuilder("SELECT ");
        if (query.GroupBy.Count > 0)
        {
            text.Append('[').Append(string.Join(", ", query.GroupBy.Select(g => $"{{\"item\": {SqlWriter.Write(g)}}}"))).Append("] AS groupByItems, ");
            text.Append(Partial(query)).Append(" AS payload");
            SqlWriter.AppendClauses(text, query, where, groupBy: true, orderBy: false);
            return text.ToString();
        }

        if (query.Grouped)
        {
            text.Append(query.Value is not null ? "VALUE " + Partial(query) : Partial(query) + " AS payload");
            SqlWriter.AppendClauses(text, query, where, groupBy: false, orderBy: false);
            return text.ToString();
        }

        if (query.OrderBy.Count > 0)
        {
            if (query.Top is not null && !query.Distinct)
            {
                text.Append("TOP ").Append(executor.Take).Append(' ');
            }

            var root = query.From.Count > 0 && query.From[0].Source is null ? query.From[0].Alias : query.RootName;
            text.Append(root).Append("._rid, [")
                .Append(string.Join(", ", query.OrderBy.Select(o => $"{{\"item\": {SqlWriter.Write(o.Value)}}}")))
                .Append("] AS orderByItems, ");
            var filter = where is null ? $"({FilterPlaceholder})" : $"({where} AND ({FilterPlaceholder}))";
            if (query.SelectsAll)
            {
                text.Append(query.From[0].Alias);
            }
            else if (query.Value is not null)
            {
                var value = SqlWriter.Write(query.Value);
                text.Append(value);
                filter = $"({filter} AND IS_DEFINED({value}))";
            }
            else
            {
                text.Append(Projections(query, aggregatesAsPartials: false));
            }

            text.Append(" AS payload");
            SqlWriter.AppendClauses(text, query, filter, groupBy: false, orderBy: true);
            AppendOffsetLimit(text, query, executor);
            return text.ToString();
        }

        if (query.Distinct && (query.Top is not null || query.Offset is not null))
        {
            text.Append("DISTINCT ").Append(SqlWriter.SelectList(query));
            SqlWriter.AppendClauses(text, query, where, groupBy: false, orderBy: false);
            return text.ToString();
        }

        if (query.Offset is not null && !query.Distinct)
        {
            text.Append(SqlWriter.SelectList(query));
            SqlWriter.AppendClauses(text, query, where, groupBy: false, orderBy: false);
            AppendOffsetLimit(text, query, executor);
            return text.ToString();
        }

        // Nothing to merge but TOP (or DISTINCT alone): every range runs the query as written.
        return string.Empty;
    }

    private static void AppendOffsetLimit(StringBuilder text, SelectQuery query, Execution.QueryExecutor executor)
    {
        if (query.Offset is not null)
        {
            // Each range cannot know how many results the others skip: it returns OFFSET + LIMIT and the SDK skips.
            text.Append("\nOFFSET 0 LIMIT ").Append((long)executor.Skip + executor.Take);
        }
    }

    /// <summary>The per-range SELECT of a grouped or aggregate query, aggregates written as partial results.</summary>
    private static string Partial(SelectQuery query) =>
        query.Value switch
        {
            AggregateExpression aggregate => "[" + PartialAggregate(aggregate) + "]",
            { } value => SqlWriter.Write(value),
            null => Projections(query, aggregatesAsPartials: true),
        };

    private static string Projections(SelectQuery query, bool aggregatesAsPartials) =>
        "{" + string.Join(", ", query.Projections.Select(p =>
            $"\"{p.Name}\": " + (aggregatesAsPartials && p.Value is AggregateExpression aggregate ? PartialAggregate(aggregate) : SqlWriter.Write(p.Value)))) + "}";

    /// <summary>What one range returns for an aggregate, so that the SDK can combine ranges: AVG as sum and count, MIN/MAX with a count.</summary>
    private static string PartialAggregate(AggregateExpression aggregate)
    {
        var argument = SqlWriter.Write(aggregate.Argument);
        return aggregate.Name switch
        {
            "AVG" => $"{{\"item\": {{\"sum\": SUM({argument}), \"count\": COUNT({argument})}}}}",
            "MIN" or "MAX" => $"{{\"item\": {aggregate.Name}({argument}), \"item2\": {{\"{aggregate.Name.ToLowerInvariant()}\": {aggregate.Name}({argument}), \"count\": COUNT({argument})}}}}",
            _ => $"{{\"item\": {aggregate.Name}({argument})}}",
        };
    }

    private static string Operator(string aggregate) => aggregate switch
    {
        "COUNT" => "Count",
        "SUM" => "Sum",
        "MIN" => "Min",
        "MAX" => "Max",
        "AVG" => "Average",
        _ => throw new InvalidOperationException($"Unknown aggregate {aggregate}."),
    };

    private static QueryException NotServable(Expression expression) =>
        new("an aggregate inside a larger expression cannot be combined across partitions; select the aggregate itself (SELECT VALUE MAX(c.n)) or give a partition key", expression.Position);
}
