using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// Canonical text of a partition key value, so that `["a"]` from a header and `"a"` in a document name the same
/// logical partition (numbers compare by value, a missing property is `{}` as the SDKs send it).
/// </summary>
internal static class PartitionKeyValue
{
    /// <summary>The key of containers created without a partition key definition.</summary>
    public const string None = "[]";

    public static string FromHeader(string header)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(header);
        }
        catch (JsonException)
        {
            throw Fail.BadRequest($"The partition key header '{header}' is not a valid JSON array.");
        }

        if (parsed is not JsonArray array)
        {
            throw Fail.BadRequest($"The partition key header '{header}' is not a valid JSON array.");
        }

        var parts = new JsonNode?[array.Count];
        var defined = new bool[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            // `{}` is how the SDKs spell "the document has no such property" (PartitionKey.None / undefined).
            defined[i] = item is not JsonObject { Count: 0 };
            parts[i] = defined[i] ? item : null;
        }

        return Canonical(parts, defined);
    }

    public static string Canonical(JsonNode?[] parts, bool[] defined)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            if (!defined[i])
            {
                text.Append("{}");
                continue;
            }

            var node = parts[i];
            switch (node?.GetValueKind())
            {
                case null:
                case JsonValueKind.Null:
                    text.Append("null");
                    break;
                case JsonValueKind.True:
                    text.Append("true");
                    break;
                case JsonValueKind.False:
                    text.Append("false");
                    break;
                case JsonValueKind.Number:
                    text.Append(JsonNumbers.ToDouble(node).ToString("R", CultureInfo.InvariantCulture));
                    break;
                case JsonValueKind.String:
                    text.Append(JsonSerializer.Serialize(node.GetValue<string>()));
                    break;
                default:
                    throw Fail.BadRequest("Partition key values must be strings, numbers, booleans or null.", 1001);
            }
        }

        return text.Append(']').ToString();
    }
}
