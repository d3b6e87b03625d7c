using Amqp;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// An event on its way into the log: either a decoded message or, inside a batch, its encoded bytes (which may point
/// into the transport's buffer, so a pending event never outlives the delivery it came in).
/// </summary>
internal sealed class PendingEvent
{
    private readonly ReadOnlyMemory<byte> encoded;
    private Message? message;

    public PendingEvent(Message message) => this.message = message;

    public PendingEvent(ReadOnlyMemory<byte> encoded) => this.encoded = encoded;

    /// <summary>The event's own partition key annotation (decoding a batched event only when asked).</summary>
    public string? PartitionKey => EventAnnotations.PartitionKeyOf(Decoded());

    /// <summary>Stores the event with its position stamped on it, in <paramref name="slab"/>.</summary>
    public ReadOnlyMemory<byte> Stamp(long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? batchPartitionKey, EventSlab slab)
    {
        if (message is null
            && RawMessageStamper.TryStamp(encoded.Span, sequenceNumber, offset, enqueuedTime, batchPartitionKey, slab, out var stamped))
        {
            return stamped;
        }

        var decoded = Decoded();
        return slab.Store(EventAnnotations.Stamp(decoded, sequenceNumber, offset, enqueuedTime, EventAnnotations.PartitionKeyOf(decoded) ?? batchPartitionKey));
    }

    private Message Decoded() =>
        message ??= Message.Decode(new ByteBuffer(encoded.ToArray(), 0, encoded.Length, encoded.Length));
}
