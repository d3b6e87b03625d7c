using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.EventHubs.Amqp;

namespace Pipeline.EventHubs.Tests.Unit;

public class MessageConverterTests
{
    [Fact]
    public void Event_survives_encoding_with_body_and_every_property()
    {
        var sent = new EventData(new byte[] { 1, 2, 3, 255 })
        {
            ContentType = "application/cloudevents+json",
            MessageId = "message-1",
            CorrelationId = "correlation-1",
        };
        var id = Guid.NewGuid();
        var time = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        sent.Properties["text"] = "hello";
        sent.Properties["int"] = 42;
        sent.Properties["long"] = 42L << 40;
        sent.Properties["double"] = 1.5;
        sent.Properties["bool"] = true;
        sent.Properties["guid"] = id;
        sent.Properties["time"] = time;
        sent.Properties["bytes"] = new byte[] { 9, 8 };

        var message = AmqpMessageConverter.ToAmqpMessage(sent, "stream-7");
        var decoded = Message.Decode(message.Encode());
        var received = AmqpMessageConverter.ToEventData(decoded);

        Assert.Equal(new byte[] { 1, 2, 3, 255 }, received.Body.ToArray());
        Assert.Equal("application/cloudevents+json", received.ContentType);
        Assert.Equal("message-1", received.MessageId);
        Assert.Equal("correlation-1", received.CorrelationId);
        Assert.Equal("hello", received.Properties["text"]);
        Assert.Equal(42, received.Properties["int"]);
        Assert.Equal(42L << 40, received.Properties["long"]);
        Assert.Equal(1.5, received.Properties["double"]);
        Assert.Equal(true, received.Properties["bool"]);
        Assert.Equal(id, received.Properties["guid"]);
        Assert.Equal(time, received.Properties["time"]);
        Assert.Equal(new byte[] { 9, 8 }, received.Properties["bytes"]);
        Assert.Equal("stream-7", received.PartitionKey);
    }

    [Fact]
    public void Service_annotations_become_system_properties()
    {
        var enqueued = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        var message = new Message { BodySection = new Data { Binary = [7] }, MessageAnnotations = new MessageAnnotations() };
        message.MessageAnnotations[new Symbol("x-opt-sequence-number")] = 17L;
        message.MessageAnnotations[new Symbol("x-opt-offset")] = "4096";
        message.MessageAnnotations[new Symbol("x-opt-enqueued-time")] = enqueued;
        message.MessageAnnotations[new Symbol("x-opt-partition-key")] = "key";

        var received = AmqpMessageConverter.ToEventData(Message.Decode(message.Encode()));

        Assert.Equal(17, received.SequenceNumber);
        Assert.Equal("4096", received.OffsetString);
        Assert.Equal(4096, received.Offset);
        Assert.Equal(new DateTimeOffset(enqueued), received.EnqueuedTime);
        Assert.Equal("key", received.PartitionKey);
        Assert.Equal(17L, received.SystemProperties["x-opt-sequence-number"]);
    }

    [Fact]
    public void Body_split_over_several_data_sections_is_joined()
    {
        var body = new DataList();
        body.Add(new Data { Binary = [1, 2] });
        body.Add(new Data { Binary = [3] });
        var message = new Message { BodySection = body };

        var received = AmqpMessageConverter.ToEventData(Message.Decode(message.Encode()));

        Assert.Equal(new byte[] { 1, 2, 3 }, received.Body.ToArray());
    }

    [Fact]
    public void Property_types_amqp_cannot_carry_are_rejected_by_name()
    {
        var sent = new EventData("x");
        sent.Properties["bad"] = new { Nested = 1 };

        var error = Assert.Throws<ArgumentException>(() => AmqpMessageConverter.ToAmqpMessage(sent, null));
        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_without_partition_key_carries_no_annotations()
    {
        var message = AmqpMessageConverter.ToAmqpMessage(new EventData("x"), null);
        Assert.Null(message.MessageAnnotations);
    }
}
