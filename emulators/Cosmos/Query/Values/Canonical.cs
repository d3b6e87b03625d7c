using System.Text;

namespace Pipeline.Emulators.Cosmos.Query.Values;

/// <summary>A string that is equal for equal query values (object properties in any order), used to group and deduplicate.</summary>
internal static class Canonical
{
    public static string Key(object? value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, object? value)
    {
        switch (value)
        {
            case Undefined:
                builder.Append('u');
                break;
            case List<object?> list:
                builder.Append('[');
                foreach (var element in list)
                {
                    Append(builder, element);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            case OrderedDictionary<string, object?> obj:
                builder.Append('{');
                foreach (var key in obj.Keys.Order(StringComparer.Ordinal))
                {
                    builder.Append(JsonConversion.ToJson(key)).Append(':');
                    Append(builder, obj[key]);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            default:
                builder.Append(JsonConversion.ToJson(value));
                break;
        }
    }
}
