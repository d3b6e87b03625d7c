namespace Pipeline.Emulators.Cosmos.Query.Values;

/// <summary>
/// How the engine represents JSON while evaluating: <see cref="Undefined"/>, null, bool, double, string,
/// <see cref="List{T}"/> of values for arrays and <see cref="OrderedDictionary{TKey,TValue}"/> for objects (property
/// order kept, as Cosmos returns it).
/// </summary>
internal static class QueryValues
{
    public static bool IsDefined(object? value) => value is not Undefined;

    public static bool IsObject(object? value) => value is OrderedDictionary<string, object?>;

    public static bool IsArray(object? value) => value is List<object?>;

    public static bool IsPrimitive(object? value) => value is null or bool or double or string;

    /// <summary>The rank Cosmos DB sorts types by: undefined, null, boolean, number, string, array, object.</summary>
    public static int TypeRank(object? value) => value switch
    {
        Undefined => 0,
        null => 1,
        bool => 2,
        double => 3,
        string => 4,
        List<object?> => 5,
        _ => 6,
    };

    /// <summary>Deep equality of two defined JSON values; numbers compare by value, object properties regardless of order.</summary>
    public static bool DeepEquals(object? left, object? right)
    {
        switch (left)
        {
            case null:
                return right is null;
            case bool b:
                return right is bool rb && b == rb;
            case double d:
                return right is double rd && d.Equals(rd);
            case string s:
                return right is string rs && string.Equals(s, rs, StringComparison.Ordinal);
            case List<object?> list:
                if (right is not List<object?> other || other.Count != list.Count)
                {
                    return false;
                }

                for (var i = 0; i < list.Count; i++)
                {
                    if (!DeepEquals(list[i], other[i]))
                    {
                        return false;
                    }
                }

                return true;
            case OrderedDictionary<string, object?> obj:
                if (right is not OrderedDictionary<string, object?> otherObject || otherObject.Count != obj.Count)
                {
                    return false;
                }

                foreach (var (key, value) in obj)
                {
                    if (!otherObject.TryGetValue(key, out var otherValue) || !DeepEquals(value, otherValue))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// The total order ORDER BY, MIN, MAX and DISTINCT use: by type rank first, then within the type
    /// (false before true, numbers numerically, strings ordinally, arrays and objects element by element).
    /// </summary>
    public static int Order(object? left, object? right)
    {
        var rank = TypeRank(left).CompareTo(TypeRank(right));
        if (rank != 0)
        {
            return rank;
        }

        switch (left)
        {
            case bool b:
                return b.CompareTo((bool)right!);
            case double d:
                return d.CompareTo((double)right!);
            case string s:
                return string.CompareOrdinal(s, (string)right!);
            case List<object?> list:
                var other = (List<object?>)right!;
                for (var i = 0; i < Math.Min(list.Count, other.Count); i++)
                {
                    var c = Order(list[i], other[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return list.Count.CompareTo(other.Count);
            case OrderedDictionary<string, object?> obj:
                var otherObject = (OrderedDictionary<string, object?>)right!;
                var keys = obj.Keys.Order(StringComparer.Ordinal).ToList();
                var otherKeys = otherObject.Keys.Order(StringComparer.Ordinal).ToList();
                for (var i = 0; i < Math.Min(keys.Count, otherKeys.Count); i++)
                {
                    var c = string.CompareOrdinal(keys[i], otherKeys[i]);
                    if (c == 0)
                    {
                        c = Order(obj[keys[i]], otherObject[otherKeys[i]]);
                    }

                    if (c != 0)
                    {
                        return c;
                    }
                }

                return keys.Count.CompareTo(otherKeys.Count);
            default:
                return 0;
        }
    }

    /// <summary>
    /// Comparison for the =, &lt;, &gt; operators: values of different types (other than two booleans) are not
    /// comparable, and arrays and objects are only comparable for equality.
    /// </summary>
    public static int? Compare(object? left, object? right)
    {
        if (left is Undefined || right is Undefined || TypeRank(left) != TypeRank(right))
        {
            return null;
        }

        if (left is List<object?> or OrderedDictionary<string, object?>)
        {
            return DeepEquals(left, right) ? 0 : null;
        }

        return Order(left, right);
    }
}
