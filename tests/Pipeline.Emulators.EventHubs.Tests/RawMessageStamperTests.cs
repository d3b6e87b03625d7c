using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Amqp;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class RawMessageStamperTests
{
    private static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    public static TheoryData<string> Shapes => new() { "bare", "header", "annotated", "everything" };

    private static Message Build(string shape)
    {
        var message = new Message { BodySection = new Data { Binary = [1, 2, 3, 4] } };
        if (shape is "header" or "everything" or "everything-but-annotations")
        {
            message.Header = new Header { Durable = true, Priority = 4 };
            message.DeliveryAnnotations = new DeliveryAnnotations();
            message.DeliveryAnnotations[new Symbol("x-delivery")] = 7;
        }

        if (shape is "annotated" or "everything")
        {
            message.MessageAnnotations = new MessageAnnotations();
            message.MessageAnnotations[new Symbol("x-opt-partition-key")] = "own-key";
            message.MessageAnnotations[new Symbol("x-custom")] = 42L;
        }

        if (shape is "everything" or "everything-but-annotations")
        {
            message.Properties = new Properties { MessageId = "id-1", ContentType = "application/json", CorrelationId = "c" };
            message.ApplicationProperties = new ApplicationProperties();
            message.ApplicationProperties["kind"] = "test";
            message.ApplicationProperties["n"] = 3;
            message.Footer = new Footer();
            message.Footer[new Symbol("x-footer")] = "f";
        }

        return message;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Stamping_encoded_bytes_gives_the_same_message_as_decoding_and_re_encoding(string shape)
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var raw = Encode(Build(shape));

        var stamped = RawMessageStamper.TryStamp(raw, 12, 3456, time, "batch-key");
        var viaDecode = EventAnnotations.Stamp(Message.Decode(new ByteBuffer(raw, 0, raw.Length, raw.Length)), 12, 3456, time,
            shape is "annotated" or "everything" ? "own-key" : "batch-key");

        Assert.NotNull(stamped);
        var a = Message.Decode(new ByteBuffer(stamped, 0, stamped.Length, stamped.Length));
        var b = Message.Decode(new ByteBuffer(viaDecode, 0, viaDecode.Length, viaDecode.Length));
        Assert.Equal(12L, a.MessageAnnotations[new Symbol("x-opt-sequence-number")]);
        Assert.Equal("3456", a.MessageAnnotations[new Symbol("x-opt-offset")]);
        Assert.Equal(time.UtcDateTime, a.MessageAnnotations[new Symbol("x-opt-enqueued-time")]);
        Assert.Equal(b.MessageAnnotations[new Symbol("x-opt-partition-key")], a.MessageAnnotations[new Symbol("x-opt-partition-key")]);
        Assert.Equal(((Data)b.BodySection).Binary, ((Data)a.BodySection).Binary);
        Assert.Equal(b.Header?.Priority, a.Header?.Priority);
        Assert.Equal(b.Properties?.MessageId, a.Properties?.MessageId);
        Assert.Equal(b.ApplicationProperties?.Map.Count, a.ApplicationProperties?.Map.Count);
        Assert.Equal(b.Footer?.Map.Count, a.Footer?.Map.Count);
        Assert.Equal(b.MessageAnnotations.Map.Count, a.MessageAnnotations.Map.Count);
    }

    public static TheoryData<string?, long> Annotations => new()
    {
        { null, 0 },
        { "batch-key", 3456 },
        { "ключ-ü-🙂", long.MaxValue },
        { new string('k', 300), 1L << 40 },
    };

    [Theory]
    [MemberData(nameof(Annotations))]
    public void Annotations_written_directly_decode_like_the_ones_AMQPNetLite_writes(string? partitionKey, long offset)
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var raw = Encode(Build("everything-but-annotations"));

        var stamped = RawMessageStamper.TryStamp(raw, 12, offset, time, partitionKey);

        Assert.NotNull(stamped);
        var a = Message.Decode(new ByteBuffer(stamped, 0, stamped.Length, stamped.Length));
        var expected = Message.Decode(new ByteBuffer(raw, 0, raw.Length, raw.Length));
        Assert.Equal(12L, a.MessageAnnotations[new Symbol("x-opt-sequence-number")]);
        Assert.Equal(offset.ToString(System.Globalization.CultureInfo.InvariantCulture), a.MessageAnnotations[new Symbol("x-opt-offset")]);
        Assert.Equal(time.UtcDateTime, a.MessageAnnotations[new Symbol("x-opt-enqueued-time")]);
        Assert.Equal(partitionKey, a.MessageAnnotations[new Symbol("x-opt-partition-key")]);
        Assert.Equal(partitionKey is null ? 3 : 4, a.MessageAnnotations.Map.Count);
        Assert.Equal(((Data)expected.BodySection).Binary, ((Data)a.BodySection).Binary);
        Assert.Equal(expected.Header.Priority, a.Header.Priority);
        Assert.Equal(7, a.DeliveryAnnotations[new Symbol("x-delivery")]);
        Assert.Equal("id-1", a.Properties.MessageId);
        Assert.Equal("test", a.ApplicationProperties["kind"]);
        Assert.Equal("f", a.Footer[new Symbol("x-footer")]);
    }

    [Fact]
    public void Encodings_the_walker_does_not_understand_fall_back_to_decoding()
    {
        Assert.Null(RawMessageStamper.TryStamp([0x00, 0x53, 0x75, 0xff], 0, 0, DateTimeOffset.UtcNow, null));
        Assert.Null(RawMessageStamper.TryStamp([0x00, 0x53, 0x75, 0xa0, 0x10, 1], 0, 0, DateTimeOffset.UtcNow, null));
    }
}
