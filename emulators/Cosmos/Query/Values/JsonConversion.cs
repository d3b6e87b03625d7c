using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Query.Values;

/// <summary>Turns stored UTF-8 JSON (and request parameters) into query values and query results back into JSON.</summary>
internal static class JsonConversion
{
    public static object? Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        return ReadValue(ref reader);
    }

    /// <summary>
    /// Reads a document keeping only the named top-level properties: a query that touches two properties of a large
    /// document skips the rest of its bytes instead of building them.
    /// </summary>
    public static object? Read(ReadOnlySpan<byte> utf8, string[] properties)
    {
        var reader = new Utf8JsonReader(utf8);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return ReadValue(ref reader);
        }

        var obj = new OrderedDictionary<string, object?>(properties.Length, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            // Compare names in place: skipped properties never allocate a string.
            string? wanted = null;
            foreach (var name in properties)
            {
                if (reader.ValueTextEquals(name))
                {
                    wanted = name;
                    break;
                }
            }

            reader.Read();
            if (wanted is null)
            {
                reader.Skip();
            }
            else
            {
                obj[wanted] = ReadValue(ref reader);
            }
        }

        return obj;
    }

    public static object? FromNode(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(node);
        return Read(bytes);
    }

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null or Undefined:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case double d:
                WriteNumber(writer, d);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var element in list)
                {
                    if (element is not Undefined)
                    {
                        Write(writer, element);
                    }
                }

                writer.WriteEndArray();
                break;
            case OrderedDictionary<string, object?> obj:
                writer.WriteStartObject();
                foreach (var (key, property) in obj)
                {
                    if (property is not Undefined)
                    {
                        writer.WritePropertyName(key);
                        Write(writer, property);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"Not a query value: {value.GetType().Name}.");
        }
    }

    public static string ToJson(object? value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteNumber(Utf8JsonWriter writer, double d)
    {
        // Integral values within the exact range of a double are written without a fraction, as Cosmos DB does.
        if (Math.Abs(d) < 9007199254740992d && d == Math.Floor(d))
        {
            writer.WriteNumberValue((long)d);
        }
        else
        {
            writer.WriteNumberValue(d);
        }
    }

    private static object? ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.True:
                return true;
            case JsonTokenType.False:
                return false;
            case JsonTokenType.Number:
                return reader.GetDouble();
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                var list = new List<object?>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader));
                }

                return list;
            case JsonTokenType.StartObject:
                var obj = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    obj[name] = ReadValue(ref reader);
                }

                return obj;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }
}
