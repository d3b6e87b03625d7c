using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Syntax;

/// <summary>
/// Writes parsed queries and expressions back as SQL text in the gateway's style (binary operations parenthesised,
/// strings in double quotes), so query plans can carry the rewritten queries the SDKs send to each partition range.
/// </summary>
internal static class SqlWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Expression expression)
    {
        var text = new StringBuilder();
        Append(text, expression);
        return text.ToString();
    }

    /// <summary>The FROM clause (with its JOINs) of <paramref name="query"/>, or empty when it has none.</summary>
    public static string From(SelectQuery query)
    {
        if (query.From.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder("FROM ");
        for (var i = 0; i < query.From.Count; i++)
        {
            var source = query.From[i];
            if (i > 0)
            {
                text.Append("\nJOIN ");
            }

            if (source.Source is null)
            {
                text.Append(query.RootName == source.Alias ? source.Alias : $"{query.RootName} AS {source.Alias}");
            }
            else if (source.Iterates)
            {
                text.Append(source.Alias).Append(" IN ");
                Append(text, source.Source);
            }
            else
            {
                Append(text, source.Source);
                text.Append(" AS ").Append(source.Alias);
            }
        }

        return text.ToString();
    }

    /// <summary>The whole query, clause by clause.</summary>
    public static string Write(SelectQuery query)
    {
        var text = new StringBuilder("SELECT ");
        if (query.Distinct)
        {
            text.Append("DISTINCT ");
        }

        if (query.Top is not null)
        {
            text.Append("TOP ").Append(Write(query.Top)).Append(' ');
        }

        text.Append(SelectList(query));
        AppendClauses(text, query, query.Where is null ? null : Write(query.Where), groupBy: true, orderBy: true);
        if (query.Offset is not null && query.Limit is not null)
        {
            text.Append("\nOFFSET ").Append(Write(query.Offset)).Append(" LIMIT ").Append(Write(query.Limit));
        }

        return text.ToString();
    }

    /// <summary>What follows SELECT [DISTINCT] [TOP n]: `*`, `VALUE e` or the projections.</summary>
    public static string SelectList(SelectQuery query)
    {
        if (query.SelectsAll)
        {
            return "*";
        }

        if (query.Value is not null)
        {
            return "VALUE " + Write(query.Value);
        }

        // Implicit names stay implicit: an explicit `AS value` would not parse, since VALUE is a keyword.
        return string.Join(", ", query.Projections.Select(p => p.Value switch
        {
            PropertyExpression property when property.Name == p.Name => Write(p.Value),
            AliasExpression alias when alias.Name == p.Name => Write(p.Value),
            _ => $"{Write(p.Value)} AS {p.Name}",
        }));
    }

    /// <summary>Appends FROM, the given WHERE condition, and optionally GROUP BY and ORDER BY of <paramref name="query"/>.</summary>
    public static void AppendClauses(StringBuilder text, SelectQuery query, string? where, bool groupBy, bool orderBy)
    {
        var from = From(query);
        if (from.Length > 0)
        {
            text.Append('\n').Append(from);
        }

        if (where is not null)
        {
            text.Append("\nWHERE ").Append(where);
        }

        if (groupBy && query.GroupBy.Count > 0)
        {
            text.Append("\nGROUP BY ").Append(string.Join(", ", query.GroupBy.Select(Write)));
        }

        if (orderBy && query.OrderBy.Count > 0)
        {
            text.Append("\nORDER BY ").Append(string.Join(", ", query.OrderBy.Select(o => Write(o.Value) + (o.Descending ? " DESC" : string.Empty))));
        }
    }

    public static string Literal(object? value) => value switch
    {
        Undefined => "undefined",
        null => "null",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        string s => JsonSerializer.Serialize(s, Json),
        List<object?> list => "[" + string.Join(", ", list.Select(Literal)) + "]",
        OrderedDictionary<string, object?> obj => "{" + string.Join(", ", obj.Select(p => JsonSerializer.Serialize(p.Key, Json) + ": " + Literal(p.Value))) + "}",
        _ => throw new InvalidOperationException($"Not a query value: {value.GetType().Name}."),
    };

    private static void Append(StringBuilder text, Expression expression)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                text.Append(Literal(literal.Value));
                break;
            case ParameterExpression parameter:
                text.Append(parameter.Name);
                break;
            case AliasExpression alias:
                text.Append(alias.Name);
                break;
            case PropertyExpression property:
                Append(text, property.Target);
                text.Append('.').Append(property.Name);
                break;
            case IndexExpression index:
                Append(text, index.Target);
                text.Append('[');
                Append(text, index.Index);
                text.Append(']');
                break;
            case ObjectExpression obj:
                text.Append('{');
                for (var i = 0; i < obj.Properties.Count; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty).Append(JsonSerializer.Serialize(obj.Properties[i].Name, Json)).Append(": ");
                    Append(text, obj.Properties[i].Value);
                }

                text.Append('}');
                break;
            case ArrayExpression array:
                text.Append('[');
                AppendList(text, array.Elements);
                text.Append(']');
                break;
            case UnaryExpression unary:
                text.Append('(').Append(unary.Operator).Append(unary.Operator == "NOT" ? " " : string.Empty);
                Append(text, unary.Operand);
                text.Append(')');
                break;
            case BinaryExpression binary:
                text.Append('(');
                Append(text, binary.Left);
                text.Append(' ').Append(binary.Operator).Append(' ');
                Append(text, binary.Right);
                text.Append(')');
                break;
            case BetweenExpression between:
                text.Append('(');
                Append(text, between.Value);
                text.Append(between.Negated ? " NOT BETWEEN " : " BETWEEN ");
                Append(text, between.Low);
                text.Append(" AND ");
                Append(text, between.High);
                text.Append(')');
                break;
            case InExpression inList:
                text.Append('(');
                Append(text, inList.Value);
                text.Append(inList.Negated ? " NOT IN (" : " IN (");
                AppendList(text, inList.Candidates);
                text.Append("))");
                break;
            case LikeExpression like:
                text.Append('(');
                Append(text, like.Value);
                text.Append(like.Negated ? " NOT LIKE " : " LIKE ");
                Append(text, like.Pattern);
                if (like.Escape is not null)
                {
                    text.Append(" ESCAPE ");
                    Append(text, like.Escape);
                }

                text.Append(')');
                break;
            case ConditionalExpression conditional:
                text.Append('(');
                Append(text, conditional.Condition);
                text.Append(" ? ");
                Append(text, conditional.WhenTrue);
                text.Append(" : ");
                Append(text, conditional.WhenFalse);
                text.Append(')');
                break;
            case CoalesceExpression coalesce:
                text.Append('(');
                Append(text, coalesce.Left);
                text.Append(" ?? ");
                Append(text, coalesce.Right);
                text.Append(')');
                break;
            case FunctionExpression function:
                text.Append(function.Name).Append('(');
                AppendList(text, function.Arguments);
                text.Append(')');
                break;
            case AggregateExpression aggregate:
                text.Append(aggregate.Name).Append('(');
                Append(text, aggregate.Argument);
                text.Append(')');
                break;
            case SubqueryExpression subquery:
                text.Append(subquery.Kind switch
                {
                    SubqueryKind.Exists => "EXISTS(",
                    SubqueryKind.Array => "ARRAY(",
                    _ => "(",
                });
                text.Append(Write(subquery.Query)).Append(')');
                break;
            default:
                throw new InvalidOperationException($"Unknown expression {expression.GetType().Name}.");
        }
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<Expression> expressions)
    {
        for (var i = 0; i < expressions.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            Append(text, expressions[i]);
        }
    }
}
