using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>A node of a parsed filter, evaluated against one document.</summary>
internal abstract record SqlExpression
{
    public abstract SqlValue Evaluate(JsonNode document);
}

/// <summary>A constant or a bound @parameter.</summary>
internal sealed record SqlConstant(SqlValue Value) : SqlExpression
{
    public override SqlValue Evaluate(JsonNode document) => Value;
}

/// <summary>`c.a.b[0]["x"]`: a walk from the document root; undefined when any step is missing.</summary>
internal sealed record SqlPath(IReadOnlyList<object> Steps) : SqlExpression
{
    public override SqlValue Evaluate(JsonNode document)
    {
        JsonNode? node = document;
        foreach (var step in Steps)
        {
            switch (step, node)
            {
                case (string name, JsonObject obj) when obj.TryGetPropertyValue(name, out var child):
                    node = child;
                    break;
                case (int index, JsonArray array) when index >= 0 && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return SqlValue.Undefined;
            }
        }

        return SqlValue.Of(node);
    }
}

/// <summary>`=`, `!=`, `<`, `<=`, `>`, `>=` with Cosmos SQL's rule that mismatched types compare as undefined.</summary>
internal sealed record SqlComparison(string Operator, SqlExpression Left, SqlExpression Right) : SqlExpression
{
    public override SqlValue Evaluate(JsonNode document)
    {
        var order = SqlValue.Compare(Left.Evaluate(document), Right.Evaluate(document));
        if (order is null)
        {
            return SqlValue.Undefined;
        }

        return SqlValue.Of(Operator switch
        {
            "=" => order == 0,
            "!=" or "<>" => order != 0,
            "<" => order < 0,
            "<=" => order <= 0,
            ">" => order > 0,
            _ => order >= 0,
        });
    }
}

/// <summary>AND / OR / NOT over booleans; anything that is not a boolean makes the result undefined.</summary>
internal sealed record SqlLogical(string Operator, SqlExpression Left, SqlExpression? Right) : SqlExpression
{
    public override SqlValue Evaluate(JsonNode document)
    {
        var left = Left.Evaluate(document);
        if (Operator == "NOT")
        {
            return left.Kind is JsonValueKind.True or JsonValueKind.False ? SqlValue.Of(!left.IsTrue) : SqlValue.Undefined;
        }

        var right = Right!.Evaluate(document);
        var l = left.Kind is JsonValueKind.True or JsonValueKind.False ? left.IsTrue : (bool?)null;
        var r = right.Kind is JsonValueKind.True or JsonValueKind.False ? right.IsTrue : (bool?)null;
        if (Operator == "AND")
        {
            return l == false || r == false ? SqlValue.Of(false) : l == true && r == true ? SqlValue.Of(true) : SqlValue.Undefined;
        }

        return l == true || r == true ? SqlValue.Of(true) : l == false && r == false ? SqlValue.Of(false) : SqlValue.Undefined;
    }
}

/// <summary>The built-in functions the filters need: string prefix/suffix/contains, type checks, case.</summary>
internal sealed record SqlFunction(string Name, IReadOnlyList<SqlExpression> Arguments) : SqlExpression
{
    public static readonly string[] Supported = ["STARTSWITH", "ENDSWITH", "CONTAINS", "IS_DEFINED", "IS_NULL", "IS_STRING", "IS_NUMBER", "IS_BOOL", "LOWER", "UPPER", "ARRAY_CONTAINS"];

    public override SqlValue Evaluate(JsonNode document)
    {
        var args = Arguments.Select(a => a.Evaluate(document)).ToArray();
        switch (Name)
        {
            case "IS_DEFINED":
                return SqlValue.Of(args[0].Defined);
            case "IS_NULL":
                return SqlValue.Of(args[0].Kind == JsonValueKind.Null);
            case "IS_STRING":
                return SqlValue.Of(args[0].Kind == JsonValueKind.String);
            case "IS_NUMBER":
                return SqlValue.Of(args[0].Kind == JsonValueKind.Number);
            case "IS_BOOL":
                return SqlValue.Of(args[0].Kind is JsonValueKind.True or JsonValueKind.False);
            case "LOWER":
            case "UPPER":
                return args[0].AsString is { } s ? SqlValue.Of(JsonValue.Create(Name == "LOWER" ? s.ToLowerInvariant() : s.ToUpperInvariant())) : SqlValue.Undefined;
            case "ARRAY_CONTAINS":
                return args[0].Node is JsonArray array ? SqlValue.Of(array.Any(e => SqlValue.Compare(SqlValue.Of(e), args[1]) == 0)) : SqlValue.Undefined;
            default:
                if (args[0].AsString is not { } text || args[1].AsString is not { } part)
                {
                    return SqlValue.Undefined;
                }

                var comparison = args.Length > 2 && args[2].IsTrue ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                return SqlValue.Of(Name switch
                {
                    "STARTSWITH" => text.StartsWith(part, comparison),
                    "ENDSWITH" => text.EndsWith(part, comparison),
                    _ => text.Contains(part, comparison),
                });
        }
    }

    public static void CheckArity(string name, int count, int position)
    {
        var (min, max) = name switch
        {
            "STARTSWITH" or "ENDSWITH" or "CONTAINS" => (2, 3),
            "ARRAY_CONTAINS" => (2, 2),
            _ => (1, 1),
        };
        if (count < min || count > max)
        {
            throw Fail.BadRequest($"Syntax error: function {name} at position {position} takes {min}..{max} arguments, got {count}.");
        }
    }
}
