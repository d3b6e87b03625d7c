using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.EventHubs;

namespace Pipeline.Emulators.FunctionsHost.Tests;

public sealed class EventTriggerPayloadTests
{
    private static readonly TriggerPartitionContext Partition = new("ns.servicebus.windows.net", "events", "projector", "3", true);
    private static readonly EventHubConnectionSetting Connection = new("EventHubConnection", "Endpoint=sb://x/", null);

    private static TriggerEvent Event(string body, string? key = "k", long sequence = 9) => new(
        Encoding.UTF8.GetBytes(body),
        key,
        sequence,
        "900",
        new DateTimeOffset(2026, 5, 6, 7, 8, 9, 120, TimeSpan.Zero),
        new Dictionary<string, object?> { ["source"] = "test" },
        new Dictionary<string, object?> { ["x-opt-sequence-number"] = sequence });

    private static EventHubTriggerBinding Binding(TriggerCardinality cardinality, TriggerDataType dataType) =>
        new("events", "events", "projector", cardinality, dataType, Connection);

    [Fact]
    public void Cardinality_many_sends_the_bodies_as_a_json_string_of_a_string_array()
    {
        var payload = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.Many, TriggerDataType.String), Partition, [Event("a\"b"), Event("c")], null);

        Assert.Equal("[\"a\\\"b\",\"c\"]", (string?)payload["Data"]!["events"]);
        Assert.Equal(["a\"b", "c"], JsonNode.Parse((string)payload["Data"]!["events"]!)!.AsArray().Select(n => (string)n!));
        Assert.Null(payload["Metadata"]!["RetryContext"]);
    }

    [Fact]
    public void Cardinality_one_string_is_json_encoded_and_single_event_metadata_has_scalar_keys()
    {
        var payload = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.One, TriggerDataType.String), Partition, [Event("hello")], new RetryContext(1, 3, "boom"));
        var metadata = payload["Metadata"]!;

        Assert.Equal("\"hello\"", (string?)payload["Data"]!["events"]);
        Assert.Equal("\"k\"", (string?)metadata["PartitionKey"]);
        Assert.Equal("9", (string?)metadata["SequenceNumber"]);
        Assert.Equal("\"900\"", (string?)metadata["Offset"]);
        Assert.Equal("\"2026-05-06T07:08:09.12\"", (string?)metadata["EnqueuedTimeUtc"]);
        Assert.Equal("test", (string?)metadata["Properties"]!["source"]);
        Assert.Equal(9, (long)metadata["SystemProperties"]!["SequenceNumber"]!);
        Assert.Equal(1, (int)metadata["RetryContext"]!["RetryCount"]!);
        Assert.Equal("boom", (string?)metadata["RetryContext"]!["Exception"]);
        Assert.Null(metadata["PartitionKeyArray"]);
    }

    [Fact]
    public void Null_partition_key_of_a_single_event_is_left_out_of_the_metadata()
    {
        var payload = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.One, TriggerDataType.String), Partition, [Event("x", key: null)], null);

        Assert.False(payload["Metadata"]!.AsObject().ContainsKey("PartitionKey"));
    }

    [Fact]
    public void Binary_data_type_sends_base64_bodies()
    {
        var payload = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.Many, TriggerDataType.Binary), Partition, [Event("hi")], null);

        Assert.Equal("[\"aGk=\"]", (string?)payload["Data"]!["events"]);
    }

    [Fact]
    public void Without_a_data_type_bodies_are_parsed_as_json_and_one_bad_body_fails_the_batch()
    {
        var parsed = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.Many, TriggerDataType.Unspecified), Partition, [Event("{\"a\":1}")], null);

        Assert.Equal("[{\"a\":1}]", (string?)parsed["Data"]!["events"]);
        Assert.Throws<EventTriggerPayload.BodyNotJsonException>(() =>
            EventTriggerPayload.Build("Project", Binding(TriggerCardinality.Many, TriggerDataType.Unspecified), Partition, [Event("{\"a\":1}"), Event("not json")], null));
    }

    [Fact]
    public void Partition_context_and_sys_are_objects_not_strings()
    {
        var payload = EventTriggerPayload.Build("Project", Binding(TriggerCardinality.Many, TriggerDataType.String), Partition, [Event("x")], null);
        var metadata = payload["Metadata"]!;

        Assert.Equal("3", (string?)metadata["TriggerPartitionContext"]!["PartitionId"]);
        Assert.Equal("ns.servicebus.windows.net", (string?)metadata["PartitionContext"]!["FullyQualifiedNamespace"]);
        Assert.Equal("Project", (string?)metadata["sys"]!["MethodName"]);
        Assert.EndsWith("Z", (string?)metadata["sys"]!["UtcNow"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_batch_is_escaped_exactly_as_one_json_string_per_binding_value()
    {
        // Quotes, backslashes, controls, HTML characters, accents, CJK, emoji and U+2028 at varying offsets, so segment
        // boundaries fall inside escapes and multi-byte characters.
        string[] pieces = ["\"q\"", "\\", "\n", "\u0001", "<a href='x'>&amp;</a>", "é", "日本語", "😀", "\u2028", "plain text "];
        var random = new Random(7);
        var bodies = Enumerable.Range(0, 300).Select(i =>
        {
            var text = new StringBuilder("{\"id\":").Append(i).Append(",\"data\":\"");
            while (text.Length < 200 + random.Next(1200))
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            return text.Append("\"}").ToString();
        }).ToArray();
        var events = bodies.Select((b, i) => Event(b, key: i % 3 == 0 ? null : $"stream-{i}-é", sequence: 1000 + i)).ToArray();
        var output = new ArrayBufferWriter<byte>();

        EventTriggerPayload.Write(output, "Project", Binding(TriggerCardinality.Many, TriggerDataType.String), Partition, events, null);

        var raw = Encoding.UTF8.GetString(output.WrittenSpan);
        var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var payload = JsonNode.Parse(output.WrittenSpan)!;
        Assert.Equal(bodies, JsonSerializer.Deserialize<string[]>((string)payload["Data"]!["events"]!));
        Assert.Equal(JsonSerializer.Serialize(bodies, relaxed), (string?)payload["Data"]!["events"]);
        var encodedValues = payload["Data"]!.AsObject().Concat(payload["Metadata"]!.AsObject())
            .Where(p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            .ToList();
        Assert.Equal(8, encodedValues.Count);
        foreach (var (name, value) in encodedValues)
        {
            Assert.Contains($"\"{name}\":{JsonSerializer.Serialize((string)value!, relaxed)}", raw, StringComparison.Ordinal);
        }
    }
}
