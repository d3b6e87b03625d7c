using Amqp;
using Pipeline.EventHubs.Amqp;
using Pipeline.EventHubs.Producer;

namespace Pipeline.EventHubs.Tests.Unit;

[Collection(ActivityListenerCollection.Name)]
public class BatchSizeTests
{
    private static EventDataBatch NewBatch(long maximumSize, string? partitionKey = null) =>
        new(maximumSize, "hub", "localhost", new CreateBatchOptions { PartitionKey = partitionKey });

    private static EventData Event(int bodySize, int properties = 0)
    {
        var eventData = new EventData(new byte[bodySize]) { MessageId = $"m{bodySize}" };
        for (int i = 0; i < properties; i++)
        {
            eventData.Properties[$"p{i}"] = i;
        }

        return eventData;
    }

    public static TheoryData<string?, int[]> Cases => new()
    {
        { null, [0] },
        { null, [1, 200, 250] },
        { null, [240, 260, 300, 70000] },
        { "a-partition-key", [10] },
        { "a-partition-key", [5, 251, 252, 253, 1000, 100_000] },
        { new string('k', 300), [1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Size_in_bytes_equals_the_encoded_envelope(string? partitionKey, int[] bodySizes)
    {
        var batch = NewBatch(long.MaxValue, partitionKey);
        foreach (var size in bodySizes)
        {
            Assert.True(batch.TryAdd(Event(size, properties: size % 3)));
            Assert.Equal(batch.ToMessage().Encode().Length, batch.SizeInBytes);
        }

        Assert.Equal(bodySizes.Length, batch.Count);
    }

    [Fact]
    public void Events_written_into_shared_chunks_decode_intact_including_ones_that_did_not_fit_or_outgrew_their_headroom()
    {
        var batch = NewBatch(200_000);
        var added = new List<EventData>();
        for (var i = 0; ; i++)
        {
            var body = new byte[(i * 613) % 3000];
            Random.Shared.NextBytes(body);
            var eventData = new EventData(body) { MessageId = $"m{i}" };
            if (i % 7 == 0)
            {
                // Far more than the 512 bytes of headroom an event is encoded with.
                eventData.Properties["big"] = new string('p', 2000 + i);
            }

            if (!batch.TryAdd(eventData))
            {
                break;
            }

            added.Add(eventData);
        }

        var decoded = Message.Decode(batch.ToMessage().Encode());
        var sections = Assert.IsType<global::Amqp.Framing.DataList>(decoded.BodySection);
        Assert.True(added.Count > 100, $"only {added.Count} events fit");
        Assert.Equal(added.Count, sections.Count);
        for (var i = 0; i < added.Count; i++)
        {
            var bytes = sections[i].Binary;
            var received = AmqpMessageConverter.ToEventData(Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length)));
            Assert.Equal(added[i].Body.ToArray(), received.Body.ToArray());
            Assert.Equal(added[i].MessageId, received.MessageId);
            Assert.Equal(added[i].Properties.TryGetValue("big", out var big) ? big : null, received.Properties.TryGetValue("big", out var got) ? got : null);
        }
    }

    [Fact]
    public void Envelope_uses_the_batch_format_and_the_first_events_annotations()
    {
        var batch = NewBatch(long.MaxValue, "key");
        batch.TryAdd(Event(3));
        batch.TryAdd(Event(4));

        var envelope = batch.ToMessage();
        var decoded = Message.Decode(envelope.Encode());

        Assert.Equal(AmqpProperty.BatchMessageFormat, envelope.Format);
        Assert.Equal("key", decoded.MessageAnnotations[AmqpProperty.PartitionKey]);
        var sections = Assert.IsType<global::Amqp.Framing.DataList>(decoded.BodySection);
        Assert.Equal(2, sections.Count);
        var inner = AmqpMessageConverter.ToEventData(Message.Decode(new ByteBuffer(sections[1].Binary, 0, sections[1].Binary.Length, sections[1].Binary.Length)));
        Assert.Equal("m4", inner.MessageId);
        Assert.Equal("key", inner.PartitionKey);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1024)]
    public void Batch_fills_exactly_to_its_limit_and_refuses_one_byte_more(int bodySize)
    {
        var probe = NewBatch(long.MaxValue);
        for (int i = 0; i < 10; i++)
        {
            probe.TryAdd(Event(bodySize));
        }

        long exactSize = probe.SizeInBytes;
        var exact = NewBatch(exactSize);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(exact.TryAdd(Event(bodySize)));
        }

        Assert.Equal(exactSize, exact.SizeInBytes);
        Assert.False(exact.TryAdd(Event(0)));
        Assert.Equal(10, exact.Count);
        Assert.Equal(exactSize, exact.SizeInBytes);

        var oneShort = NewBatch(exactSize - 1);
        int added = 0;
        while (oneShort.TryAdd(Event(bodySize)))
        {
            added++;
        }

        Assert.Equal(9, added);
    }

    [Fact]
    public void Event_changed_after_adding_does_not_change_the_batch()
    {
        var batch = NewBatch(long.MaxValue);
        var eventData = Event(10);
        batch.TryAdd(eventData);
        long size = batch.SizeInBytes;

        eventData.Properties["added-later"] = "x";

        Assert.Equal(size, batch.SizeInBytes);
        Assert.Equal(size, batch.ToMessage().Encode().Length);
    }

    [Fact]
    public void Clear_empties_the_batch()
    {
        var batch = NewBatch(long.MaxValue);
        batch.TryAdd(Event(10));

        batch.Clear();

        Assert.Equal(0, batch.Count);
        Assert.Equal(0, batch.SizeInBytes);
    }

    [Fact]
    public void Data_section_overhead_switches_encoding_at_255_bytes()
    {
        Assert.Equal(3 + 2 + 255, AmqpBatchEnvelope.SectionSize(255));
        Assert.Equal(3 + 5 + 256, AmqpBatchEnvelope.SectionSize(256));
    }
}
