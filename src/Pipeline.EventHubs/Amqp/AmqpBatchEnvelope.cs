using Amqp;
using Amqp.Framing;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// The Event Hubs batch format (message format 0x80013700): one AMQP message whose body is a sequence of data sections,
/// each an encoded event, with the message annotations of the first event. Tracks the exact encoded size as events are added.
/// </summary>
internal sealed class AmqpBatchEnvelope
{
    private const int ChunkSize = 64 * 1024;

    private readonly List<ByteBuffer> _events = [];
    private byte[] _chunk = [];
    private int _chunkUsed;
    private MessageAnnotations? _annotations;
    private long _annotationsSize;
    private long _sectionsSize;

    public int Count => _events.Count;

    /// <summary>The encoded size of the envelope holding the events added so far (0 when empty).</summary>
    public long SizeInBytes => _events.Count == 0 ? 0 : _annotationsSize + _sectionsSize;

    /// <summary>The size the envelope would have with <paramref name="encodedEvent"/> added.</summary>
    public long SizeWith(Message message, ByteBuffer encodedEvent) =>
        (_events.Count == 0 ? AnnotationsSize(message.MessageAnnotations) : _annotationsSize + _sectionsSize) + SectionSize(encodedEvent.Length);

    public void Add(Message message, ByteBuffer encodedEvent)
    {
        if (_events.Count == 0)
        {
            _annotations = message.MessageAnnotations;
            _annotationsSize = AnnotationsSize(_annotations);
        }

        _events.Add(encodedEvent);
        _sectionsSize += SectionSize(encodedEvent.Length);
        if (ReferenceEquals(encodedEvent.Buffer, _chunk))
        {
            _chunkUsed = encodedEvent.WritePos;
        }
    }

    public void Clear()
    {
        _events.Clear();
        _annotations = null;
        _annotationsSize = 0;
        _sectionsSize = 0;

        // A fresh chunk for the next events: a send that is still encoding may read the old one.
        _chunk = [];
        _chunkUsed = 0;
    }

    /// <summary>Builds the message to send.</summary>
    public Message ToMessage()
    {
        var body = new DataList();
        foreach (var encoded in _events)
        {
            body.Add(new Data { Buffer = encoded });
        }

        return new Message { Format = AmqpProperty.BatchMessageFormat, MessageAnnotations = _annotations, BodySection = body };
    }

    /// <summary>Encodes one event as it will appear inside the envelope.</summary>
    /// <remarks>
    /// Section by section into a buffer sized for the body up front: Message.Encode starts at 128 bytes and grows by
    /// copying, which dominated the cost of adding a 1 KB event.
    /// </remarks>
    /// <summary>
    /// Encodes one event for this batch. Events are written one after another into shared chunks: an array of their
    /// own per event (zeroed, with headroom for properties) was most of what sending allocated. Space is only taken
    /// for good by <see cref="Add"/>, so an event that does not fit in the batch leaves nothing behind.
    /// </summary>
    public ByteBuffer Encode(Message message, int bodyLength)
    {
        var headroom = bodyLength + 512;
        if (headroom <= ChunkSize)
        {
            if (_chunk.Length - _chunkUsed < headroom)
            {
                _chunk = GC.AllocateUninitializedArray<byte>(ChunkSize);
                _chunkUsed = 0;
            }

            var inChunk = new ByteBuffer(_chunk, _chunkUsed, 0, _chunk.Length - _chunkUsed);
            try
            {
                WriteSections(inChunk, message);
                return inChunk;
            }
            catch (InvalidOperationException)
            {
                // Properties larger than the headroom: the event gets a buffer that grows instead.
            }
        }

        var own = new ByteBuffer(headroom, true);
        WriteSections(own, message);
        return own;
    }

    private static void WriteSections(ByteBuffer buffer, Message message)
    {
        WriteSection(buffer, message.Header);
        WriteSection(buffer, message.DeliveryAnnotations);
        WriteSection(buffer, message.MessageAnnotations);
        WriteSection(buffer, message.Properties);
        WriteSection(buffer, message.ApplicationProperties);
        WriteSection(buffer, message.BodySection);
        WriteSection(buffer, message.Footer);
    }

    private static void WriteSection(ByteBuffer buffer, global::Amqp.Types.RestrictedDescribed? section)
    {
        if (section is not null)
        {
            global::Amqp.Types.Encoder.WriteObject(buffer, section, true);
        }
    }

    /// <summary>A data section is the descriptor (3 bytes) and a binary: vbin8 (2 bytes of header) up to 255 bytes, else vbin32 (5).</summary>
    public static long SectionSize(int encodedLength) => 3 + (encodedLength <= byte.MaxValue ? 2 : 5) + encodedLength;

    // Encoded on its own: a Message without body would add an amqp-value null section that the envelope does not have.
    private static long AnnotationsSize(MessageAnnotations? annotations)
    {
        if (annotations is null)
        {
            return 0;
        }

        var buffer = new ByteBuffer(128, true);
        global::Amqp.Types.Encoder.WriteObject(buffer, annotations, true);
        return buffer.Length;
    }
}
