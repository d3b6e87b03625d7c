using Pipeline.Emulators.Cosmos.Query.Evaluation;
using Pipeline.Emulators.Cosmos.Query.Syntax;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Planning;

/// <summary>
/// The partition key values a query's WHERE clause pins down (`c.pk = 'a'`, `c.pk IN ('a', 'b')`, parameters included,
/// combined with AND), so the plan can name point ranges and execution can read only those logical partitions.
/// </summary>
internal static class PartitionKeyFilter
{
    private const int MaxCombinations = 1000;

    /// <summary>One value per partition key path for every partition the query can touch; null when it may touch any.</summary>
    public static List<object?[]>? Values(SelectQuery query, IReadOnlyDictionary<string, object?> parameters, IReadOnlyList<string> partitionKeyPaths)
    {
        if (query.Where is null || partitionKeyPaths.Count == 0 || query.From.Count == 0 || query.From[0].Source is not null)
        {
            return null;
        }

        var conjuncts = new List<Expression>();
        Flatten(query.Where, conjuncts);
        var perPath = new List<object?>[partitionKeyPaths.Count];
        for (var i = 0; i < partitionKeyPaths.Count; i++)
        {
            var segments = partitionKeyPaths[i].Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('"')).ToArray();
            perPath[i] = conjuncts.Select(c => Candidates(c, segments, parameters)).FirstOrDefault(c => c is not null)!;
            if (perPath[i] is null)
            {
                return null;
            }
        }

        var combinations = new List<object?[]> { Array.Empty<object?>() };
        foreach (var values in perPath)
        {
            combinations = [.. combinations.SelectMany(prefix => values.Select(v => (object?[])[.. prefix, v]))];
            if (combinations.Count > MaxCombinations)
            {
                return null;
            }
        }

        return combinations;
    }

    private static void Flatten(Expression expression, List<Expression> conjuncts)
    {
        if (expression is BinaryExpression { Operator: "AND" } and)
        {
            Flatten(and.Left, conjuncts);
            Flatten(and.Right, conjuncts);
        }
        else
        {
            conjuncts.Add(expression);
        }
    }

    private static List<object?>? Candidates(Expression conjunct, string[] path, IReadOnlyDictionary<string, object?> parameters)
    {
        switch (conjunct)
        {
            case BinaryExpression { Operator: "=" } equals:
                if (IsPath(equals.Left, path) && Constant(equals.Right, parameters, out var right))
                {
                    return [right];
                }

                if (IsPath(equals.Right, path) && Constant(equals.Left, parameters, out var left))
                {
                    return [left];
                }

                return null;
            case InExpression { Negated: false } inList when IsPath(inList.Value, path):
                var values = new List<object?>();
                foreach (var candidate in inList.Candidates)
                {
                    if (!Constant(candidate, parameters, out var value))
                    {
                        return null;
                    }

                    values.Add(value);
                }

                return values.Count == 0 ? null : values;
            default:
                return null;
        }
    }

    private static bool Constant(Expression expression, IReadOnlyDictionary<string, object?> parameters, out object? value)
    {
        value = expression switch
        {
            LiteralExpression literal => literal.Value,
            ParameterExpression parameter when parameters.TryGetValue(parameter.Name, out var bound) => bound,
            _ => Undefined.Value,
        };
        return QueryValues.IsPrimitive(value);
    }

    private static bool IsPath(Expression expression, string[] path)
    {
        var index = path.Length;
        while (index > 0)
        {
            switch (expression)
            {
                case PropertyExpression property when property.Name == path[index - 1]:
                    expression = property.Target;
                    break;
                case IndexExpression { Index: LiteralExpression { Value: string name } } indexer when name == path[index - 1]:
                    expression = indexer.Target;
                    break;
                default:
                    return false;
            }

            index--;
        }

        return expression is AliasExpression { Slot: 0 };
    }
}
