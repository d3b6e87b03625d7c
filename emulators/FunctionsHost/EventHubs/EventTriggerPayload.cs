using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    public static JsonObject Build(
        string functionName,
        EventHubTriggerBinding binding,
        TriggerPartitionContext partition,
        IReadOnlyList<TriggerEvent> events,
        RetryContext? retry)
    {
        ArgumentNullException.ThrowIfNull(binding);
        ArgumentNullException.ThrowIfNull(events);
        var metadata = new JsonObject
        {
            ["PartitionContext"] = PartitionContext(partition),
            ["TriggerPartitionContext"] = PartitionContext(partition),
        };

        JsonNode? data;
        if (binding.Cardinality == TriggerCardinality.Many)
        {
            data = Encode(new JsonArray(events.Select(e => Body(e, binding.DataType)).ToArray()));
            metadata["PartitionKeyArray"] = Encode(new JsonArray(events.Select(e => (JsonNode?)JsonValue.Create(e.PartitionKey)).ToArray()));
            var offsets = new JsonArray(events.Select(e => (JsonNode?)JsonValue.Create(e.Offset)).ToArray());
            metadata["OffsetArray"] = Encode(offsets);
            metadata["OffsetStringArray"] = Encode(offsets.DeepClone());
            metadata["SequenceNumberArray"] = Encode(new JsonArray(events.Select(e => (JsonNode?)JsonValue.Create(e.SequenceNumber)).ToArray()));
            metadata["EnqueuedTimeUtcArray"] = Encode(new JsonArray(events.Select(e => (JsonNode?)JsonValue.Create(LocalDateTime(e.EnqueuedTime))).ToArray()));
            metadata["PropertiesArray"] = Encode(new JsonArray(events.Select(e => (JsonNode?)Dictionary(e.Properties)).ToArray()));
            metadata["SystemPropertiesArray"] = Encode(new JsonArray(events.Select(e => (JsonNode?)SystemProperties(e)).ToArray()));
        }
        else
        {
            var single = events.Count == 1 ? events[0] : throw new ArgumentException("Cardinality one invokes with exactly one event.", nameof(events));
            var body = Body(single, binding.DataType);
            data = body is JsonObject ? body : Encode(body);
            if (single.PartitionKey is not null)
            {
                metadata["PartitionKey"] = Encode(JsonValue.Create(single.PartitionKey));
            }

            metadata["Offset"] = Encode(JsonValue.Create(single.Offset));
            metadata["SequenceNumber"] = Encode(JsonValue.Create(single.SequenceNumber));
            metadata["EnqueuedTimeUtc"] = Encode(JsonValue.Create(LocalDateTime(single.EnqueuedTime)));
            metadata["Properties"] = Dictionary(single.Properties);
            metadata["SystemProperties"] = SystemProperties(single);
        }

        if (retry is not null)
        {
            metadata["RetryContext"] = new JsonObject
            {
                ["RetryCount"] = retry.RetryCount,
                ["MaxRetryCount"] = retry.MaxRetryCount,
                ["Exception"] = retry.Exception,
            };
        }

        metadata["sys"] = SystemMetadata.Create(functionName);
        return new JsonObject
        {
            ["Data"] = new JsonObject { [binding.Name] = data },
            ["Metadata"] = metadata,
        };
    }

    /// <summary>Escapes only what JSON requires, as Newtonsoft (the Azure host's serializer) does.</summary>
    internal static readonly JsonSerializerOptions HostJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON text of a value, as a JSON string: how the host passes every non-object binding value.</summary>
    private static JsonValue Encode(JsonNode? node) => JsonValue.Create(node?.ToJsonString(HostJson) ?? "null");

    private static JsonNode? Body(TriggerEvent e, TriggerDataType dataType)
    {
        switch (dataType)
        {
            case TriggerDataType.Binary:
                return JsonValue.Create(Convert.ToBase64String(e.Body.Span));
            case TriggerDataType.String:
                return JsonValue.Create(Encoding.UTF8.GetString(e.Body.Span));
            default:
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
    }

    private static JsonObject PartitionContext(TriggerPartitionContext p) => new()
    {
        ["IsCheckpointingAfterInvocation"] = p.IsCheckpointingAfterInvocation,
        ["FullyQualifiedNamespace"] = p.FullyQualifiedNamespace,
        ["EventHubName"] = p.EventHubName,
        ["ConsumerGroup"] = p.ConsumerGroup,
        ["PartitionId"] = p.PartitionId,
    };

    private static JsonObject SystemProperties(TriggerEvent e)
    {
        var result = Dictionary(e.SystemProperties);
        result["SequenceNumber"] = e.SequenceNumber;
        result["Offset"] = e.Offset;
        result["PartitionKey"] = e.PartitionKey;
        result["EnqueuedTimeUtc"] = LocalDateTime(e.EnqueuedTime);
        return result;
    }

    private static JsonObject Dictionary(IReadOnlyDictionary<string, object?> values)
    {
        var result = new JsonObject();
        foreach (var (name, value) in values)
        {
            result[name] = Value(value);
        }

        return result;
    }

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTime dt => dt.Kind == DateTimeKind.Utc
            ? dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : LocalDateTime(new DateTimeOffset(dt.Ticks, TimeSpan.Zero)),
        byte[] bytes => Convert.ToBase64String(bytes),
        Guid g => g.ToString(),
        Uri u => u.ToString(),
        int or long or short or byte or sbyte or ushort or uint or ulong => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        float or double or decimal => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    // Newtonsoft's rendering of a DateTime of unspecified kind: ISO 8601, trailing zero fractions trimmed, no offset.
    private static string LocalDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}
