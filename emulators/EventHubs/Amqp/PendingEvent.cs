using Amqp;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>An event on its way into the log: either a decoded message or, inside a batch, its encoded bytes.</summary>
internal sealed class PendingEvent
{
    private readonly byte[]? encoded;
    private Message? message;

    public PendingEvent(Message message) => this.message = message;

    public PendingEvent(byte[] encoded) => this.encoded = encoded;

    /// <summary>The event's own partition key annotation (decoding a batched event only when asked).</summary>
    public string? PartitionKey => EventAnnotations.PartitionKeyOf(Decoded());

    public byte[] Stamp(long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? batchPartitionKey)
    {
        if (encoded is not null && message is null
            && RawMessageStamper.TryStamp(encoded, sequenceNumber, offset, enqueuedTime, batchPartitionKey) is { } stamped)
        {
            return stamped;
        }

        var decoded = Decoded();
        return EventAnnotations.Stamp(decoded, sequenceNumber, offset, enqueuedTime, EventAnnotations.PartitionKeyOf(decoded) ?? batchPartitionKey);
    }

    private Message Decoded() =>
        message ??= Message.Decode(new ByteBuffer(encoded!, 0, encoded!.Length, encoded.Length));
}
