using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Evaluation;

/// <summary>
/// The system functions the engine knows, with their arity (checked when the query is parsed) and Cosmos SQL's rule that
/// an argument of the wrong type makes the result undefined rather than failing the query.
/// </summary>
internal static class BuiltInFunctions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.OrdinalIgnoreCase)
    {
        ["IS_DEFINED"] = (1, 1), ["IS_NULL"] = (1, 1), ["IS_NUMBER"] = (1, 1), ["IS_STRING"] = (1, 1), ["IS_BOOL"] = (1, 1),
        ["IS_ARRAY"] = (1, 1), ["IS_OBJECT"] = (1, 1), ["IS_PRIMITIVE"] = (1, 1),
        ["STARTSWITH"] = (2, 3), ["ENDSWITH"] = (2, 3), ["CONTAINS"] = (2, 3), ["STRINGEQUALS"] = (2, 3),
        ["LOWER"] = (1, 1), ["UPPER"] = (1, 1), ["LENGTH"] = (1, 1), ["SUBSTRING"] = (3, 3), ["CONCAT"] = (2, int.MaxValue),
        ["TRIM"] = (1, 1), ["LTRIM"] = (1, 1), ["RTRIM"] = (1, 1), ["INDEX_OF"] = (2, 3), ["REPLACE"] = (3, 3),
        ["LEFT"] = (2, 2), ["RIGHT"] = (2, 2), ["TOSTRING"] = (1, 1), ["REVERSE"] = (1, 1), ["REPLICATE"] = (2, 2),
        ["ARRAY_CONTAINS"] = (2, 3), ["ARRAY_LENGTH"] = (1, 1), ["ARRAY_SLICE"] = (2, 3), ["ARRAY_CONCAT"] = (2, int.MaxValue),
        ["ABS"] = (1, 1), ["CEILING"] = (1, 1), ["FLOOR"] = (1, 1), ["ROUND"] = (1, 1), ["SQRT"] = (1, 1), ["SQUARE"] = (1, 1),
        ["POWER"] = (2, 2), ["TRUNC"] = (1, 1), ["SIGN"] = (1, 1), ["EXP"] = (1, 1), ["LOG"] = (1, 2), ["LOG10"] = (1, 1),
        ["SIN"] = (1, 1), ["COS"] = (1, 1), ["TAN"] = (1, 1), ["PI"] = (0, 0),
    };

    /// <summary>Checks the function exists and takes that many arguments; the parser calls this so errors carry a position.</summary>
    public static void Validate(string name, int arguments, int position)
    {
        if (!Arity.TryGetValue(name, out var arity))
        {
            throw new QueryException($"'{name}' is not a recognized built-in function name", position);
        }

        if (arguments < arity.Min || arguments > arity.Max)
        {
            throw new QueryException($"the function '{name.ToUpperInvariant()}' does not take {arguments} argument(s)", position);
        }
    }

    public static object? Invoke(string name, object?[] a, int position)
    {
        switch (name.ToUpperInvariant())
        {
            case "IS_DEFINED": return a[0] is not Undefined;
            case "IS_NULL": return a[0] is null;
            case "IS_NUMBER": return a[0] is double;
            case "IS_STRING": return a[0] is string;
            case "IS_BOOL": return a[0] is bool;
            case "IS_ARRAY": return a[0] is List<object?>;
            case "IS_OBJECT": return a[0] is OrderedDictionary<string, object?>;
            case "IS_PRIMITIVE": return QueryValues.IsPrimitive(a[0]);
            case "STARTSWITH": return Text(a, (s, p, c) => s.StartsWith(p, c));
            case "ENDSWITH": return Text(a, (s, p, c) => s.EndsWith(p, c));
            case "CONTAINS": return Text(a, (s, p, c) => s.Contains(p, c));
            case "STRINGEQUALS": return Text(a, (s, p, c) => string.Equals(s, p, c));
            case "LOWER": return a[0] is string lower ? lower.ToLowerInvariant() : Undefined.Value;
            case "UPPER": return a[0] is string upper ? upper.ToUpperInvariant() : Undefined.Value;
            case "LENGTH": return a[0] is string length ? (double)length.Length : Undefined.Value;
            case "TRIM": return a[0] is string trim ? trim.Trim(' ') : Undefined.Value;
            case "LTRIM": return a[0] is string ltrim ? ltrim.TrimStart(' ') : Undefined.Value;
            case "RTRIM": return a[0] is string rtrim ? rtrim.TrimEnd(' ') : Undefined.Value;
            case "REVERSE": return a[0] is string reverse ? new string(reverse.Reverse().ToArray()) : Undefined.Value;
            case "CONCAT": return a.All(v => v is string) ? string.Concat(a.Cast<string>()) : Undefined.Value;
            case "SUBSTRING":
                return a[0] is string sub && a[1] is double start && a[2] is double count ? Slice(sub, (int)start, (int)count) : Undefined.Value;
            case "LEFT": return a[0] is string left && a[1] is double l ? Slice(left, 0, (int)l) : Undefined.Value;
            case "RIGHT":
                return a[0] is string right && a[1] is double r ? right[Math.Max(0, right.Length - Math.Max(0, (int)r))..] : Undefined.Value;
            case "INDEX_OF":
                if (a[0] is not string haystack || a[1] is not string needle)
                {
                    return Undefined.Value;
                }

                var from = a.Length > 2 ? a[2] is double f ? (int)f : -2 : 0;
                return from < 0 || from > haystack.Length ? (from == -2 ? Undefined.Value : -1d) : (double)haystack.IndexOf(needle, from, StringComparison.Ordinal);
            case "REPLACE":
                return a[0] is string whole && a[1] is string find && a[2] is string with
                    ? find.Length == 0 ? whole : whole.Replace(find, with, StringComparison.Ordinal)
                    : Undefined.Value;
            case "REPLICATE":
                return a[0] is string rep && a[1] is double times && times >= 0 && times <= 10_000 ? string.Concat(Enumerable.Repeat(rep, (int)times)) : Undefined.Value;
            case "TOSTRING":
                return a[0] switch
                {
                    Undefined => Undefined.Value,
                    string s => s,
                    _ => JsonConversion.ToJson(a[0]),
                };
            case "ARRAY_CONTAINS": return ArrayContains(a);
            case "ARRAY_LENGTH": return a[0] is List<object?> list ? (double)list.Count : Undefined.Value;
            case "ARRAY_SLICE": return ArraySlice(a);
            case "ARRAY_CONCAT": return a.All(v => v is List<object?>) ? a.SelectMany(v => (List<object?>)v!).ToList() : Undefined.Value;
            case "ROUND": return Math1(a, x => Math.Round(x, MidpointRounding.AwayFromZero));
            case "ABS": return Math1(a, Math.Abs);
            case "CEILING": return Math1(a, Math.Ceiling);
            case "FLOOR": return Math1(a, Math.Floor);
            case "SQRT": return Math1(a, Math.Sqrt);
            case "SQUARE": return Math1(a, x => x * x);
            case "TRUNC": return Math1(a, Math.Truncate);
            case "SIGN": return Math1(a, x => Math.Sign(x));
            case "EXP": return Math1(a, Math.Exp);
            case "LOG10": return Math1(a, Math.Log10);
            case "SIN": return Math1(a, Math.Sin);
            case "COS": return Math1(a, Math.Cos);
            case "TAN": return Math1(a, Math.Tan);
            case "LOG":
                return a.Length == 2 ? (a[0] is double n && a[1] is double b ? Finite(Math.Log(n, b)) : Undefined.Value) : Math1(a, Math.Log);
            case "POWER": return a[0] is double x && a[1] is double y ? Finite(Math.Pow(x, y)) : Undefined.Value;
            case "PI": return Math.PI;
            default:
                throw new QueryException($"'{name}' is not a recognized built-in function name", position);
        }
    }

    private static object Text(object?[] a, Func<string, string, StringComparison, bool> test)
    {
        if (a[0] is not string s || a[1] is not string p)
        {
            return Undefined.Value;
        }

        var ignoreCase = a.Length > 2 && a[2] is true;
        return test(s, p, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    private static string Slice(string s, int start, int count)
    {
        start = Math.Clamp(start, 0, s.Length);
        count = Math.Clamp(count, 0, s.Length - start);
        return s.Substring(start, count);
    }

    private static object ArrayContains(object?[] a)
    {
        if (a[0] is not List<object?> list)
        {
            return Undefined.Value;
        }

        var partial = a.Length > 2 && a[2] is true;
        return list.Any(element => partial && a[1] is OrderedDictionary<string, object?> pattern && element is OrderedDictionary<string, object?> candidate
            ? pattern.All(p => candidate.TryGetValue(p.Key, out var v) && QueryValues.DeepEquals(v, p.Value))
            : QueryValues.DeepEquals(element, a[1]));
    }

    private static object ArraySlice(object?[] a)
    {
        if (a[0] is not List<object?> list || a[1] is not double startValue)
        {
            return Undefined.Value;
        }

        var start = (int)startValue;
        start = start < 0 ? Math.Max(0, list.Count + start) : Math.Min(start, list.Count);
        var count = list.Count - start;
        if (a.Length > 2)
        {
            if (a[2] is not double length)
            {
                return Undefined.Value;
            }

            count = Math.Clamp((int)length, 0, count);
        }

        return list.GetRange(start, count);
    }

    private static object Math1(object?[] a, Func<double, double> f) => a[0] is double x ? Finite(f(x)) : Undefined.Value;

    private static object Finite(double value) => double.IsFinite(value) ? value : Undefined.Value;
}
