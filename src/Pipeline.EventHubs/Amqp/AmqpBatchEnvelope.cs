using Amqp;
using Amqp.Framing;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// The Event Hubs batch format (message format 0x80013700): one AMQP message whose body is a sequence of data sections,
/// each an encoded event, with the message annotations of the first event. Tracks the exact encoded size as events are added.
/// </summary>
internal sealed class AmqpBatchEnvelope
{
    private readonly List<byte[]> _events = [];
    private MessageAnnotations? _annotations;
    private long _annotationsSize;
    private long _sectionsSize;

    public int Count => _events.Count;

    /// <summary>The encoded size of the envelope holding the events added so far (0 when empty).</summary>
    public long SizeInBytes => _events.Count == 0 ? 0 : _annotationsSize + _sectionsSize;

    /// <summary>The size the envelope would have with <paramref name="encodedEvent"/> added.</summary>
    public long SizeWith(Message message, byte[] encodedEvent) =>
        (_events.Count == 0 ? AnnotationsSize(message.MessageAnnotations) : _annotationsSize + _sectionsSize) + SectionSize(encodedEvent.Length);

    public void Add(Message message, byte[] encodedEvent)
    {
        if (_events.Count == 0)
        {
            _annotations = message.MessageAnnotations;
            _annotationsSize = AnnotationsSize(_annotations);
        }

        _events.Add(encodedEvent);
        _sectionsSize += SectionSize(encodedEvent.Length);
    }

    public void Clear()
    {
        _events.Clear();
        _annotations = null;
        _annotationsSize = 0;
        _sectionsSize = 0;
    }

    /// <summary>Builds the message to send.</summary>
    public Message ToMessage()
    {
        var body = new DataList();
        foreach (var encoded in _events)
        {
            body.Add(new Data { Binary = encoded });
        }

        return new Message { Format = AmqpProperty.BatchMessageFormat, MessageAnnotations = _annotations, BodySection = body };
    }

    /// <summary>Encodes one event as it will appear inside the envelope.</summary>
    public static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
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
