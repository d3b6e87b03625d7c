using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Evaluation;

/// <summary>Binary operators with Cosmos SQL's rules: mismatched or undefined operands give undefined, never an error.</summary>
internal static class Operators
{
    public static object? Apply(string op, object? left, object? right)
    {
        switch (op)
        {
            case "=":
                return Comparison(left, right, c => c == 0);
            case "!=" or "<>":
                return Comparison(left, right, c => c != 0);
            case "<":
                return Ordering(left, right, c => c < 0);
            case "<=":
                return Ordering(left, right, c => c <= 0);
            case ">":
                return Ordering(left, right, c => c > 0);
            case ">=":
                return Ordering(left, right, c => c >= 0);
            case "||":
                return left is string a && right is string b ? a + b : Undefined.Value;
        }

        if (left is not double x || right is not double y)
        {
            return Undefined.Value;
        }

        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => y == 0 ? Undefined.Value : x / y,
            "%" => y == 0 ? Undefined.Value : x % y,
            "&" => (double)((long)x & (long)y),
            "|" => (double)((long)x | (long)y),
            "^" => (double)((long)x ^ (long)y),
            "<<" => (double)(int)((long)x << (int)y),
            ">>" => (double)((int)(long)x >> (int)y),
            ">>>" => (double)((uint)(long)x >> (int)y),
            _ => throw new InvalidOperationException($"Unknown operator {op}."),
        };
    }

    private static object Comparison(object? left, object? right, Func<int, bool> test) =>
        QueryValues.Compare(left, right) is { } c ? test(c) : Undefined.Value;

    private static object Ordering(object? left, object? right, Func<int, bool> test) =>
        left is List<object?> or OrderedDictionary<string, object?> ? Undefined.Value : Comparison(left, right, test);
}
