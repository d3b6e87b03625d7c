using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// The <c>com.microsoft:enable-receiver-runtime-metric</c> capability: a receiver that desires it gets, in the
/// delivery annotations of every event, where the partition's newest event is and when that was looked up, so it can
/// tell how far behind it is without asking <c>$management</c>.
/// </summary>
internal static class ReceiverRuntimeMetrics
{
    public static readonly Symbol Capability = new("com.microsoft:enable-receiver-runtime-metric");

    private static readonly Symbol LastEnqueuedSequenceNumber = new("last_enqueued_sequence_number");
    private static readonly Symbol LastEnqueuedOffset = new("last_enqueued_offset");
    private static readonly Symbol LastEnqueuedTimeUtc = new("last_enqueued_time_utc");
    private static readonly Symbol RetrievalTimeUtc = new("runtime_info_retrieval_time_utc");
    private static readonly Symbol IsPartitionEmpty = new("is_partition_empty");

    private const byte HeaderCode = 0x70;
    private const byte DeliveryAnnotationsCode = 0x71;

    /// <summary>True when the receiver's attach desires the capability (the reply then offers it).</summary>
    public static bool IsDesired(Attach attach) => attach.DesiredCapabilities?.Contains(Capability) == true;

    /// <summary>The encoded delivery-annotations section describing <paramref name="state"/>, looked up at <paramref name="retrievedAt"/>.</summary>
    public static byte[] Encode(PartitionSnapshot state, DateTimeOffset retrievedAt)
    {
        var annotations = new DeliveryAnnotations
        {
            [LastEnqueuedSequenceNumber] = state.LastEnqueuedSequenceNumber,
            [LastEnqueuedOffset] = state.LastEnqueuedOffset.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [LastEnqueuedTimeUtc] = state.LastEnqueuedTime.UtcDateTime,
            [RetrievalTimeUtc] = retrievedAt.UtcDateTime,
            [IsPartitionEmpty] = state.IsEmpty,
        };
        var buffer = new ByteBuffer(256, autoGrow: true);
        Encoder.WriteObject(buffer, annotations);
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    /// <summary>
    /// The stored message with <paramref name="annotations"/> as its delivery annotations: placed after the header,
    /// replacing any the publisher sent (delivery annotations are meant for the next hop only).
    /// </summary>
    public static byte[] Annotate(ReadOnlySpan<byte> message, byte[] annotations)
    {
        int insertAt = 0, resumeAt = 0, position = 0;
        while (SectionCode(message, position) is HeaderCode or DeliveryAnnotationsCode)
        {
            var end = RawMessageStamper.Skip(message, position);
            if (end < 0)
            {
                break;
            }

            if (message[position + 1] == 0x53 ? message[position + 2] == HeaderCode : message[position + 9] == HeaderCode)
            {
                insertAt = end;
            }

            resumeAt = end;
            position = end;
        }

        var annotated = new byte[insertAt + annotations.Length + (message.Length - resumeAt)];
        message[..insertAt].CopyTo(annotated);
        annotations.CopyTo(annotated.AsSpan(insertAt));
        message[resumeAt..].CopyTo(annotated.AsSpan(insertAt + annotations.Length));
        return annotated;
    }

    private static int SectionCode(ReadOnlySpan<byte> message, int position)
    {
        if (position + 3 > message.Length || message[position] != 0x00)
        {
            return -1;
        }

        if (message[position + 1] == 0x53)
        {
            return message[position + 2];
        }

        return message[position + 1] == 0x80 && position + 10 <= message.Length ? message[position + 9] : -1;
    }
}
