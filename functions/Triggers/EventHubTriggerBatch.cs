using System.Globalization;
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
    public static EventHubTriggerBatch Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            var root = document.RootElement;
            var data = Property(root, "Data");
            var metadata = Property(root, "Metadata");
            var bodies = StringArray(Property(data, "events"));
            var sequenceNumbers = ParseArray(metadata, "SequenceNumberArray", e => e.GetInt64(), bodies.Count);
            var offsets = OptionalArray<string?>(metadata, "OffsetStringArray", e => e.ToString())
                ?? OptionalArray<string?>(metadata, "OffsetArray", e => e.ToString());
            var enqueued = OptionalArray(metadata, "EnqueuedTimeUtcArray", e => ParseTime(e.GetString()));
            var keys = OptionalArray(metadata, "PartitionKeyArray", e => e.ValueKind == JsonValueKind.String ? e.GetString() : null);
            var properties = OptionalArray(metadata, "PropertiesArray", TelemetryOf);
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
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException("The request is not an Event Hubs trigger invocation: " + e.Message, e);
        }
    }

    /// <summary>The trace context and accept time ingest stamped into an event's application properties.</summary>
    private static (string? TraceParent, DateTimeOffset? AcceptedAt) TelemetryOf(JsonElement properties)
    {
        var traceParent = TryProperty(properties, "traceparent") ?? TryProperty(properties, "Diagnostic-Id");
        var acceptedAt = TryProperty(properties, Telemetry.EventTelemetryProperties.AcceptedAt);
        long milliseconds = 0;
        var hasAcceptedAt = acceptedAt is { } value && (value.ValueKind == JsonValueKind.Number
            ? value.TryGetInt64(out milliseconds)
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out milliseconds));
        return (
            traceParent is { ValueKind: JsonValueKind.String } text ? text.GetString() : null,
            hasAcceptedAt ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds) : null);
    }

    private static DateTimeOffset ParseTime(string? text) =>
        DateTimeOffset.Parse(text ?? throw new FormatException("An enqueued time is null."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static List<string> StringArray(JsonElement element)
    {
        // Arrays arrive JSON-encoded inside a string; accept a plain array too.
        using var inner = element.ValueKind == JsonValueKind.String ? JsonDocument.Parse(element.GetString()!) : null;
        var array = inner?.RootElement ?? element;
        return array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList();
    }

    private static List<T> ParseArray<T>(JsonElement metadata, string name, Func<JsonElement, T> read, int expected)
    {
        var values = OptionalArray(metadata, name, read) ?? throw new FormatException($"Metadata.{name} is missing.");
        return values.Count == expected ? values : throw new FormatException($"Metadata.{name} has {values.Count} entries for {expected} events.");
    }

    private static List<T>? OptionalArray<T>(JsonElement metadata, string name, Func<JsonElement, T> read)
    {
        if (TryProperty(metadata, name) is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        using var inner = element.ValueKind == JsonValueKind.String ? JsonDocument.Parse(element.GetString()!) : null;
        return (inner?.RootElement ?? element).EnumerateArray().Select(read).ToList();
    }

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
