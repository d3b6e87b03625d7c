using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Evaluation;

/// <summary>
/// The aggregate functions over a group's values: undefined values are skipped; SUM and AVG are undefined as soon as a
/// value is not a number; MIN and MAX order primitives by type then value and are undefined over arrays or objects.
/// </summary>
internal static class Aggregates
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "COUNT", "SUM", "MIN", "MAX", "AVG" };

    public static object? Fold(string name, IEnumerable<object?> values)
    {
        var defined = values.Where(QueryValues.IsDefined).ToList();
        switch (name)
        {
            case "COUNT":
                return (double)defined.Count;
            case "SUM":
                return defined.All(v => v is double) ? defined.Sum(v => (double)v!) : Undefined.Value;
            case "AVG":
                return defined.Count > 0 && defined.All(v => v is double) ? defined.Average(v => (double)v!) : Undefined.Value;
            case "MIN" or "MAX":
                if (defined.Count == 0 || !defined.All(QueryValues.IsPrimitive))
                {
                    return Undefined.Value;
                }

                var best = defined[0];
                foreach (var value in defined.Skip(1))
                {
                    var order = QueryValues.Order(value, best);
                    if (name == "MIN" ? order < 0 : order > 0)
                    {
                        best = value;
                    }
                }

                return best;
            default:
                throw new InvalidOperationException($"Unknown aggregate {name}.");
        }
    }
}
