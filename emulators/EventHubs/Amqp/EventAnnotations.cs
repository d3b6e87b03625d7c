using System.Globalization;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>The broker-assigned message annotations of an event, and the encoding of the message consumers receive.</summary>
internal static class EventAnnotations
{
    public static readonly Symbol SequenceNumber = new("x-opt-sequence-number");
    public static readonly Symbol Offset = new("x-opt-offset");
    public static readonly Symbol EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly Symbol PartitionKey = new("x-opt-partition-key");

    public static string? PartitionKeyOf(Message message) =>
        message.MessageAnnotations?.Map[PartitionKey] is string key ? key : null;

    /// <summary>Stamps the event with its position and returns the encoded message; everything else is left untouched.</summary>
    public static byte[] Stamp(Message message, long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey)
    {
        var annotations = message.MessageAnnotations ??= new MessageAnnotations();
        annotations[SequenceNumber] = sequenceNumber;
        annotations[Offset] = offset.ToString(CultureInfo.InvariantCulture);
        annotations[EnqueuedTime] = enqueuedTime.UtcDateTime;
        if (partitionKey is not null)
        {
            annotations[PartitionKey] = partitionKey;
        }

        var encoded = message.Encode();
        return encoded.Buffer.AsSpan(encoded.Offset, encoded.Length).ToArray();
    }
}
