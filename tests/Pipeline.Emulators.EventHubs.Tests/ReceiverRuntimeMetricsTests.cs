using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Amqp;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class ReceiverRuntimeMetricsTests
{
    private static readonly DateTimeOffset Enqueued = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    private static readonly DateTimeOffset Retrieved = Enqueued.AddSeconds(3);

    private static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    private static Message Annotated(Message stored)
    {
        var metrics = ReceiverRuntimeMetrics.Encode(new PartitionSnapshot(0, 41, 9000, Enqueued, false), Retrieved);
        var bytes = ReceiverRuntimeMetrics.Annotate(Encode(stored), metrics);
        return Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Delivered_event_carries_the_partitions_newest_event_and_keeps_everything_else(bool withHeader, bool withPublisherDeliveryAnnotations)
    {
        var stored = new Message { BodySection = new Data { Binary = [1, 2, 3] } };
        stored.MessageAnnotations = new MessageAnnotations();
        stored.MessageAnnotations[new Symbol("x-opt-sequence-number")] = 7L;
        stored.ApplicationProperties = new ApplicationProperties();
        stored.ApplicationProperties["kind"] = "test";
        if (withHeader)
        {
            stored.Header = new Header { Durable = true, Priority = 4 };
        }

        if (withPublisherDeliveryAnnotations)
        {
            stored.DeliveryAnnotations = new DeliveryAnnotations();
            stored.DeliveryAnnotations[new Symbol("x-publisher-hop")] = 1;
        }

        var delivered = Annotated(stored);

        var annotations = delivered.DeliveryAnnotations;
        Assert.Equal(41L, annotations[new Symbol("last_enqueued_sequence_number")]);
        Assert.Equal("9000", annotations[new Symbol("last_enqueued_offset")]);
        Assert.Equal(Enqueued.UtcDateTime, annotations[new Symbol("last_enqueued_time_utc")]);
        Assert.Equal(Retrieved.UtcDateTime, annotations[new Symbol("runtime_info_retrieval_time_utc")]);
        Assert.Equal(false, annotations[new Symbol("is_partition_empty")]);
        Assert.Null(annotations[new Symbol("x-publisher-hop")]);
        Assert.Equal(withHeader, delivered.Header?.Durable == true);
        Assert.Equal(7L, delivered.MessageAnnotations[new Symbol("x-opt-sequence-number")]);
        Assert.Equal("test", delivered.ApplicationProperties["kind"]);
        Assert.Equal([1, 2, 3], ((Data)delivered.BodySection).Binary);
    }
}
