using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Pipeline.Functions.Triggers;

/// <summary>
/// The Functions host's invocation request for an Event Hubs trigger with cardinality many: arrays (the events and every
/// <c>*Array</c> metadata) arrive as JSON-encoded strings and must be parsed twice; the partition context is an object.
/// </summary>
public sealed class EventHubTriggerBatch
{
    private EventHubTriggerBatch(string eventHubName, string partitionId, string? consumerGroup, int retryCount, IReadOnlyList<TriggeredEvent> events)
    {
        EventHubName = eventHubName;
        PartitionId = partitionId;
        ConsumerGroup = consumerGroup;
        RetryCount = retryCount;
        Events = events;
    }

    private static readonly byte[] AcceptedAtName = Encoding.UTF8.GetBytes(Telemetry.EventTelemetryProperties.AcceptedAt);

    /// <summary>The Event Hub the batch came from.</summary>
    public string EventHubName { get; }

    /// <summary>The partition the batch came from.</summary>
    public string PartitionId { get; }

    /// <summary>The consumer group that read it.</summary>
    public string? ConsumerGroup { get; }

    /// <summary>How many times this batch was retried before (0 on the first attempt).</summary>
    public int RetryCount { get; }

    /// <summary>The events in partition order.</summary>
    public IReadOnlyList<TriggeredEvent> Events { get; }

    /// <summary>Reads the request body the host posted to <c>/&lt;FunctionName&gt;</c>.</summary>
    /// <exception cref="FormatException">The payload is not the host's Event Hubs trigger envelope.</exception>
    public static EventHubTriggerBatch Parse(ReadOnlySpan<byte> utf8Json) => Parse(new ReadOnlyMemory<byte>(utf8Json.ToArray()));

    /// <summary>Reads the request body the host posted to <c>/&lt;FunctionName&gt;</c>; nothing returned refers to <paramref name="utf8Json"/>.</summary>
    /// <exception cref="FormatException">The payload is not the host's Event Hubs trigger envelope.</exception>
    public static EventHubTriggerBatch Parse(ReadOnlyMemory<byte> utf8Json)
    {
        // The host sends up to a thousand 1 KB events per invocation, each array JSON-encoded inside a string: every array
        // is unescaped once into a pooled buffer and read with Utf8JsonReader, and the bodies stay UTF-8 (one array per batch).
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Max(utf8Json.Length, 256));
        try
        {
            using var document = JsonDocument.Parse(utf8Json);
            var root = document.RootElement;
            var data = Property(root, "Data");
            var metadata = Property(root, "Metadata");
            var bodies = Bodies(Property(data, "events"), scratch);
            var sequenceNumbers = OptionalArray(metadata, "SequenceNumberArray", scratch, static (ref Utf8JsonReader r) => r.GetInt64())
                ?? throw new FormatException("Metadata.SequenceNumberArray is missing.");
            if (sequenceNumbers.Count != bodies.Count)
            {
                throw new FormatException($"Metadata.SequenceNumberArray has {sequenceNumbers.Count} entries for {bodies.Count} events.");
            }

            var offsets = OptionalArray(metadata, "OffsetStringArray", scratch, ReadText) ?? OptionalArray(metadata, "OffsetArray", scratch, ReadText);
            var enqueued = OptionalArray(metadata, "EnqueuedTimeUtcArray", scratch, ReadTime);
            var keys = OptionalArray(metadata, "PartitionKeyArray", scratch, static (ref Utf8JsonReader r) => r.TokenType == JsonTokenType.String ? r.GetString() : null);
            var properties = OptionalArray(metadata, "PropertiesArray", scratch, TelemetryOf);
            var context = TryProperty(metadata, "PartitionContext") ?? Property(metadata, "TriggerPartitionContext");
            var retry = TryProperty(metadata, "RetryContext") is { ValueKind: JsonValueKind.Object } r && TryProperty(r, "RetryCount") is { ValueKind: JsonValueKind.Number } n ? n.GetInt32() : 0;
            var events = new List<TriggeredEvent>(bodies.Count);
            for (var i = 0; i < bodies.Count; i++)
            {
                events.Add(new TriggeredEvent(
                    bodies[i],
                    sequenceNumbers[i],
                    offsets is not null && i < offsets.Count ? offsets[i] : null,
                    enqueued is not null && i < enqueued.Count ? enqueued[i] : DateTimeOffset.UtcNow,
                    keys is not null && i < keys.Count ? keys[i] : null)
                {
                    TraceParent = properties is not null && i < properties.Count ? properties[i].TraceParent : null,
                    AcceptedAt = properties is not null && i < properties.Count ? properties[i].AcceptedAt : null,
                });
            }

            return new EventHubTriggerBatch(
                Property(context, "EventHubName").GetString() ?? throw new FormatException("PartitionContext.EventHubName is null."),
                Property(context, "PartitionId").GetString() ?? throw new FormatException("PartitionContext.PartitionId is null."),
                TryProperty(context, "ConsumerGroup")?.GetString(),
                retry,
                events);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            throw new FormatException("The request is not an Event Hubs trigger invocation: " + e.Message, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private delegate T ReadValue<T>(ref Utf8JsonReader reader);

    /// <summary>The events' bodies as UTF-8: strings unescaped, other JSON values as their text; all slices of one array.</summary>
    private static List<ReadOnlyMemory<byte>> Bodies(JsonElement element, byte[] scratch)
    {
        var json = ArrayJson(element, scratch);
        var storage = new byte[json.Length];
        var used = 0;
        var bodies = new List<ReadOnlyMemory<byte>>();
        var reader = new Utf8JsonReader(json);
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            int length;
            if (reader.TokenType == JsonTokenType.String)
            {
                length = reader.ValueIsEscaped ? reader.CopyString(storage.AsSpan(used)) : Copy(reader.ValueSpan, storage.AsSpan(used));
            }
            else
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                length = Copy(json[start..(int)reader.BytesConsumed], storage.AsSpan(used));
            }

            bodies.Add(storage.AsMemory(used, length));
            used += length;
        }

        return bodies;
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static List<T>? OptionalArray<T>(JsonElement metadata, string name, byte[] scratch, ReadValue<T> read)
    {
        if (TryProperty(metadata, name) is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var reader = new Utf8JsonReader(ArrayJson(element, scratch));
        Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var depth = reader.CurrentDepth;
            values.Add(read(ref reader));
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth == depth)
            {
                reader.Skip();
            }
        }

        return values;
    }

    /// <summary>The UTF-8 JSON of an array that arrives JSON-encoded inside a string (unescaped into <paramref name="scratch"/>), or plain.</summary>
    private static ReadOnlySpan<byte> ArrayJson(JsonElement element, byte[] scratch)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (element.ValueKind != JsonValueKind.String)
        {
            return raw;
        }

        var reader = new Utf8JsonReader(raw);
        reader.Read();
        return reader.ValueIsEscaped ? scratch.AsSpan(0, reader.CopyString(scratch)) : reader.ValueSpan;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new FormatException($"Expected a JSON {(type == JsonTokenType.StartArray ? "array" : type.ToString())}.");
        }
    }

    /// <summary>A value's text: strings unquoted, anything else as written.</summary>
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return string.Empty;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                reader.Skip();
                return null;
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>The trace context and accept time ingest stamped into an event's application properties (names case-insensitive).</summary>
    private static (string? TraceParent, DateTimeOffset? AcceptedAt) TelemetryOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return (null, null);
        }

        string? traceParent = null;
        string? diagnosticId = null;
        DateTimeOffset? acceptedAt = null;
        Span<byte> name = stackalloc byte[64];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameLength = reader.ValueIsEscaped || reader.ValueSpan.Length > name.Length ? -1 : Copy(reader.ValueSpan, name);
            reader.Read();
            var property = nameLength < 0 ? ReadOnlySpan<byte>.Empty : name[..nameLength];
            if (Ascii.EqualsIgnoreCase(property, "traceparent"u8))
            {
                traceParent = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (Ascii.EqualsIgnoreCase(property, "Diagnostic-Id"u8))
            {
                diagnosticId = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else if (Ascii.EqualsIgnoreCase(property, AcceptedAtName))
            {
                acceptedAt = reader.TokenType switch
                {
                    JsonTokenType.Number when reader.TryGetInt64(out var number) => DateTimeOffset.FromUnixTimeMilliseconds(number),
                    JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var text) => DateTimeOffset.FromUnixTimeMilliseconds(text),
                    _ => null,
                };
            }

            reader.Skip();
        }

        return (traceParent ?? diagnosticId, acceptedAt);
    }

    /// <summary>An enqueued time: ISO 8601 without a zone (the host's rendering) is UTC; anything else goes through the general parser.</summary>
    private static DateTimeOffset ReadTime(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var time) && time.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(time.Ticks, TimeSpan.Zero)
            : ParseTime(reader.GetString());

    private static DateTimeOffset ParseTime(string? text) =>
        DateTimeOffset.Parse(text ?? throw new FormatException("An enqueued time is null."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static JsonElement Property(JsonElement element, string name) =>
        TryProperty(element, name) ?? throw new FormatException($"'{name}' is missing.");

    // The host's names are case-insensitive.
    private static JsonElement? TryProperty(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
