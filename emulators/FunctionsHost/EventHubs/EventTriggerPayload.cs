using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// Builds the envelope the Functions host POSTs for an Event Hubs trigger. Mirrors how Azure flattens
/// binding data for custom handlers: objects stay objects, everything else (arrays, strings, numbers,
/// dates) becomes its JSON text, so arrays and strings arrive JSON-encoded; null values are left out;
/// dates have no time zone suffix because the extension passes <c>DateTimeOffset.DateTime</c>.
/// </summary>
public static class EventTriggerPayload
{
    /// <summary>Thrown when an event body must be JSON (no <c>dataType</c>) and is not: the whole invocation fails, as in Azure.</summary>
    public sealed class BodyNotJsonException : Exception
    {
        public BodyNotJsonException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        public BodyNotJsonException()
        {
        }

        public BodyNotJsonException(string message)
            : base(message)
        {
        }
    }

    /// <summary>The envelope as a JSON tree: what <see cref="Write"/> produces, parsed (for inspection and tests).</summary>
    public static JsonObject Build(
        string functionName,
        EventHubTriggerBinding binding,
        TriggerPartitionContext partition,
        IReadOnlyList<TriggerEvent> events,
        RetryContext? retry)
    {
        using var buffer = new PooledBufferWriter();
        Write(buffer, functionName, binding, partition, events, retry);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    /// <summary>
    /// Writes the envelope as UTF-8 JSON straight into <paramref name="output"/>: no JSON tree and no string per event,
    /// since the host builds one of these per batch and consumer group (up to a thousand events each).
    /// </summary>
    public static void Write(
        IBufferWriter<byte> output,
        string functionName,
        EventHubTriggerBinding binding,
        TriggerPartitionContext partition,
        IReadOnlyList<TriggerEvent> events,
        RetryContext? retry)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(partition);
        if (binding.Cardinality != TriggerCardinality.Many && events.Count != 1)
        {
            throw new ArgumentException("Cardinality one invokes with exactly one event.", nameof(events));
        }

        // Arrays and scalars travel as their JSON text inside a JSON string, written and escaped a segment at a time.
        using var encoded = new EncodedJsonValueWriter(WriterOptions);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("Data");
        writer.WriteStartObject();
        if (binding.Cardinality == TriggerCardinality.Many)
        {
            var inner = encoded.Begin(writer, binding.Name);
            inner.WriteStartArray();
            foreach (var e in events)
            {
                WriteBody(inner, e, binding.DataType);
                encoded.FlushIfFull();
            }

            inner.WriteEndArray();
            encoded.End();
        }
        else if (binding.DataType == TriggerDataType.Unspecified && ParseBody(events[0]) is JsonObject body)
        {
            // Objects stay objects.
            writer.WritePropertyName(binding.Name);
            body.WriteTo(writer);
        }
        else
        {
            WriteBody(encoded.Begin(writer, binding.Name), events[0], binding.DataType);
            encoded.End();
        }

        writer.WriteEndObject();
        writer.WritePropertyName("Metadata");
        writer.WriteStartObject();
        WritePartitionContext(writer, "PartitionContext", partition);
        WritePartitionContext(writer, "TriggerPartitionContext", partition);
        if (binding.Cardinality == TriggerCardinality.Many)
        {
            WriteEncodedArray(writer, "PartitionKeyArray", encoded, events, static (w, e) => WriteNullableString(w, e.PartitionKey));
            WriteEncodedArray(writer, "OffsetArray", encoded, events, static (w, e) => w.WriteStringValue(e.Offset));
            WriteEncodedArray(writer, "OffsetStringArray", encoded, events, static (w, e) => w.WriteStringValue(e.Offset));
            WriteEncodedArray(writer, "SequenceNumberArray", encoded, events, static (w, e) => w.WriteNumberValue(e.SequenceNumber));
            WriteEncodedArray(writer, "EnqueuedTimeUtcArray", encoded, events, static (w, e) => WriteLocalDateTime(w, e.EnqueuedTime));
            WriteEncodedArray(writer, "PropertiesArray", encoded, events, static (w, e) => WriteDictionary(w, e.Properties));
            WriteEncodedArray(writer, "SystemPropertiesArray", encoded, events, static (w, e) => WriteSystemProperties(w, e));
        }
        else
        {
            var single = events[0];
            if (single.PartitionKey is not null)
            {
                encoded.Begin(writer, "PartitionKey").WriteStringValue(single.PartitionKey);
                encoded.End();
            }

            encoded.Begin(writer, "Offset").WriteStringValue(single.Offset);
            encoded.End();
            encoded.Begin(writer, "SequenceNumber").WriteNumberValue(single.SequenceNumber);
            encoded.End();
            WriteLocalDateTime(encoded.Begin(writer, "EnqueuedTimeUtc"), single.EnqueuedTime);
            encoded.End();
            writer.WritePropertyName("Properties");
            WriteDictionary(writer, single.Properties);
            writer.WritePropertyName("SystemProperties");
            WriteSystemProperties(writer, single);
        }

        if (retry is not null)
        {
            writer.WritePropertyName("RetryContext");
            writer.WriteStartObject();
            writer.WriteNumber("RetryCount", retry.RetryCount);
            writer.WriteNumber("MaxRetryCount", retry.MaxRetryCount);
            WriteNullableString(writer, "Exception", retry.Exception);
            writer.WriteEndObject();
        }

        writer.WritePropertyName("sys");
        SystemMetadata.Write(writer, functionName);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Escapes only what JSON requires, as Newtonsoft (the Azure host's serializer) does.</summary>
    internal static readonly JsonSerializerOptions HostJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = HostJson.Encoder, SkipValidation = true };

    /// <summary>Writes <paramref name="name"/> with a JSON array of one value per event, as a JSON string.</summary>
    private static void WriteEncodedArray(Utf8JsonWriter writer, string name, EncodedJsonValueWriter encoded, IReadOnlyList<TriggerEvent> events, Action<Utf8JsonWriter, TriggerEvent> write)
    {
        var inner = encoded.Begin(writer, name);
        inner.WriteStartArray();
        foreach (var e in events)
        {
            write(inner, e);
            encoded.FlushIfFull();
        }

        inner.WriteEndArray();
        encoded.End();
    }

    private static void WriteBody(Utf8JsonWriter writer, TriggerEvent e, TriggerDataType dataType)
    {
        switch (dataType)
        {
            case TriggerDataType.Binary:
                writer.WriteStringValue(Convert.ToBase64String(e.Body.Span));
                break;
            case TriggerDataType.String when Utf8.IsValid(e.Body.Span):
                writer.WriteStringValue(e.Body.Span);
                break;
            case TriggerDataType.String:
                // Invalid UTF-8 decodes with replacement characters, as the host's string conversion does.
                writer.WriteStringValue(Encoding.UTF8.GetString(e.Body.Span));
                break;
            default:
                if (ParseBody(e) is { } node)
                {
                    node.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }

                break;
        }
    }

    private static JsonNode? ParseBody(TriggerEvent e)
    {
        try
        {
            return JsonNode.Parse(e.Body.Span.Length == 0 ? "null"u8 : e.Body.Span);
        }
        catch (JsonException x)
        {
            throw new BodyNotJsonException(
                $"Event {e.SequenceNumber} is not JSON and the trigger has no dataType; set \"dataType\": \"string\" or \"binary\" in function.json.", x);
        }
    }

    private static void WritePartitionContext(Utf8JsonWriter writer, string name, TriggerPartitionContext p)
    {
        writer.WritePropertyName(name);
        writer.WriteStartObject();
        writer.WriteBoolean("IsCheckpointingAfterInvocation", p.IsCheckpointingAfterInvocation);
        writer.WriteString("FullyQualifiedNamespace", p.FullyQualifiedNamespace);
        writer.WriteString("EventHubName", p.EventHubName);
        writer.WriteString("ConsumerGroup", p.ConsumerGroup);
        writer.WriteString("PartitionId", p.PartitionId);
        writer.WriteEndObject();
    }

    /// <summary>The service's annotations, then the four the extension always sets (overriding same-named ones, in place as a dictionary would).</summary>
    private static void WriteSystemProperties(Utf8JsonWriter writer, TriggerEvent e)
    {
        writer.WriteStartObject();
        var written = 0;
        foreach (var (name, value) in e.SystemProperties)
        {
            writer.WritePropertyName(name);
            switch (name)
            {
                case "SequenceNumber":
                    writer.WriteNumberValue(e.SequenceNumber);
                    written |= 1;
                    break;
                case "Offset":
                    writer.WriteStringValue(e.Offset);
                    written |= 2;
                    break;
                case "PartitionKey":
                    WriteNullableString(writer, e.PartitionKey);
                    written |= 4;
                    break;
                case "EnqueuedTimeUtc":
                    WriteLocalDateTime(writer, e.EnqueuedTime);
                    written |= 8;
                    break;
                default:
                    WriteValue(writer, value);
                    break;
            }
        }

        if ((written & 1) == 0)
        {
            writer.WriteNumber("SequenceNumber", e.SequenceNumber);
        }

        if ((written & 2) == 0)
        {
            writer.WriteString("Offset", e.Offset);
        }

        if ((written & 4) == 0)
        {
            WriteNullableString(writer, "PartitionKey", e.PartitionKey);
        }

        if ((written & 8) == 0)
        {
            writer.WritePropertyName("EnqueuedTimeUtc");
            WriteLocalDateTime(writer, e.EnqueuedTime);
        }

        writer.WriteEndObject();
    }

    private static void WriteDictionary(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> values)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in values)
        {
            writer.WritePropertyName(name);
            WriteValue(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private static void WriteNullableString(Utf8JsonWriter writer, string name, string? value)
    {
        writer.WritePropertyName(name);
        WriteNullableString(writer, value);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTime dt when dt.Kind == DateTimeKind.Utc:
                writer.WriteStringValue(dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
                break;
            case DateTime dt:
                WriteLocalDateTime(writer, new DateTimeOffset(dt.Ticks, TimeSpan.Zero));
                break;
            case byte[] bytes:
                writer.WriteStringValue(Convert.ToBase64String(bytes));
                break;
            case Guid g:
                writer.WriteStringValue(g.ToString());
                break;
            case Uri u:
                writer.WriteStringValue(u.ToString());
                break;
            case int or long or short or byte or sbyte or ushort or uint or ulong:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case float or double or decimal:
                writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                WriteNullableString(writer, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    // Newtonsoft's rendering of a DateTime of unspecified kind: ISO 8601, trailing zero fractions trimmed, no offset.
    private static void WriteLocalDateTime(Utf8JsonWriter writer, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[40];
        if (!time.UtcDateTime.TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture))
        {
            throw new FormatException("An enqueued time could not be formatted.");
        }

        writer.WriteStringValue(text[..length]);
    }
}
