using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>A value during evaluation: a JSON value, or undefined (a missing property), as Cosmos SQL distinguishes them.</summary>
internal readonly record struct SqlValue(bool Defined, JsonNode? Node)
{
    public static readonly SqlValue Undefined = new(false, null);

    public static SqlValue Of(JsonNode? node) => new(true, node);

    public static SqlValue Of(bool value) => new(true, JsonValue.Create(value));

    public JsonValueKind Kind => !Defined ? JsonValueKind.Undefined : Node?.GetValueKind() ?? JsonValueKind.Null;

    public bool IsTrue => Kind == JsonValueKind.True;

    public string? AsString => Kind == JsonValueKind.String ? Node!.GetValue<string>() : null;

    /// <summary>Compares two values of the same type; null when Cosmos SQL says the comparison is undefined.</summary>
    public static int? Compare(SqlValue left, SqlValue right)
    {
        var kind = left.Kind;
        var other = right.Kind;
        if (kind is JsonValueKind.True or JsonValueKind.False && other is JsonValueKind.True or JsonValueKind.False)
        {
            return left.IsTrue.CompareTo(right.IsTrue);
        }

        if (kind != other)
        {
            return null;
        }

        return kind switch
        {
            JsonValueKind.Null => 0,
            JsonValueKind.Number => JsonNumbers.ToDouble(left.Node!).CompareTo(JsonNumbers.ToDouble(right.Node!)),
            JsonValueKind.String => string.CompareOrdinal(left.Node!.GetValue<string>(), right.Node!.GetValue<string>()),
            JsonValueKind.Object or JsonValueKind.Array => JsonNode.DeepEquals(left.Node, right.Node) ? 0 : null,
            _ => null,
        };
    }
}
