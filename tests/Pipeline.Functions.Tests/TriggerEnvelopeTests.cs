using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Functions.Archiving;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Tests;

public sealed class TriggerEnvelopeTests
{
    internal static byte[] Envelope(params string[] bodies)
    {
        var metadata = new JsonObject
        {
            ["PartitionContext"] = new JsonObject { ["EventHubName"] = "events", ["ConsumerGroup"] = "projector", ["PartitionId"] = "3" },
            ["SequenceNumberArray"] = new JsonArray([.. bodies.Select((_, i) => JsonValue.Create(40L + i))]).ToJsonString(),
            ["OffsetStringArray"] = new JsonArray([.. bodies.Select((_, i) => JsonValue.Create((4096 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)))]).ToJsonString(),
            ["EnqueuedTimeUtcArray"] = new JsonArray([.. bodies.Select(_ => JsonValue.Create("2026-11-23T13:05:06.123"))]).ToJsonString(),
            ["PartitionKeyArray"] = new JsonArray([.. bodies.Select(_ => JsonValue.Create("viewer-1"))]).ToJsonString(),
            ["RetryContext"] = new JsonObject { ["RetryCount"] = 2, ["MaxRetryCount"] = 5 },
        };
        var root = new JsonObject
        {
            ["Data"] = new JsonObject { ["events"] = new JsonArray([.. bodies.Select(b => JsonValue.Create(b))]).ToJsonString() },
            ["Metadata"] = metadata,
        };
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    [Fact]
    public void Arrays_encoded_as_json_strings_are_read_with_each_event_coordinates()
    {
        var batch = EventHubTriggerBatch.Parse(Envelope("{\"a\":1}", "not json"));

        Assert.Equal("events", batch.EventHubName);
        Assert.Equal("3", batch.PartitionId);
        Assert.Equal(2, batch.RetryCount);
        Assert.Equal(["{\"a\":1}", "not json"], batch.Events.Select(e => e.Body));
        Assert.Equal([40L, 41L], batch.Events.Select(e => e.SequenceNumber));
        Assert.Equal(["4096", "4097"], batch.Events.Select(e => e.Offset));
        Assert.All(batch.Events, e => Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 5, 6, 123, TimeSpan.Zero), e.EnqueuedTime));
        Assert.All(batch.Events, e => Assert.Equal("viewer-1", e.PartitionKey));
    }

    [Fact]
    public void The_archive_blob_is_named_by_hub_partition_hour_and_sequence_range()
    {
        var batch = EventHubTriggerBatch.Parse(Envelope("{}", "{}", "{}"));
        Assert.Equal("events/3/2026/11/23/13/40-42.jsonl.gz", ArchiveWriter.BlobNameFor(batch));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"Data\":{\"events\":\"[\\\"x\\\"]\"},\"Metadata\":{}}")]
    [InlineData("{\"Data\":{\"events\":\"[\\\"x\\\"]\"},\"Metadata\":{\"SequenceNumberArray\":\"[1,2]\",\"PartitionContext\":{\"EventHubName\":\"h\",\"PartitionId\":\"0\"}}}")]
    [InlineData("not json")]
    public void A_payload_that_is_not_a_trigger_envelope_is_a_format_error(string payload)
    {
        Assert.Throws<FormatException>(() => EventHubTriggerBatch.Parse(Encoding.UTF8.GetBytes(payload)));
    }
}
