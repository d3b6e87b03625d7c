using System.Buffers.Binary;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Adds the broker annotations to an encoded event without decoding and re-encoding the whole message: the
/// sections are walked by their encoded sizes and only the message-annotations section is rewritten. Events in
/// SDK batches arrive already encoded, so this keeps the per-event cost of a send close to a copy.
/// </summary>
internal static class RawMessageStamper
{
    private const byte HeaderCode = 0x70;
    private const byte DeliveryAnnotationsCode = 0x71;
    private const byte MessageAnnotationsCode = 0x72;

    /// <summary>The stamped message, or null when the encoding is not one this walker understands (the caller decodes instead).</summary>
    public static byte[]? TryStamp(byte[] raw, long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey) =>
        TryStamp(raw, sequenceNumber, offset, enqueuedTime, partitionKey, length => new byte[length], out var stamped)
            ? stamped.ToArray()
            : null;

    /// <summary>Writes the stamped message straight into the partition's memory; false when the encoding is not understood.</summary>
    public static bool TryStamp(
        ReadOnlySpan<byte> raw, long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey, EventSlab slab, out ReadOnlyMemory<byte> stamped) =>
        TryStamp(raw, sequenceNumber, offset, enqueuedTime, partitionKey, slab.Reserve, out stamped);

    private static bool TryStamp(
        ReadOnlySpan<byte> raw,
        long sequenceNumber,
        long offset,
        DateTimeOffset enqueuedTime,
        string? partitionKey,
        Func<int, Memory<byte>> allocate,
        out ReadOnlyMemory<byte> stamped)
    {
        stamped = default;
        int position = 0, insertAt = 0, annotationsStart = -1, annotationsEnd = -1;
        while (position < raw.Length)
        {
            var sectionStart = position;
            if (raw[position] != 0x00 || position + 3 > raw.Length)
            {
                return false;
            }

            int code;
            if (raw[position + 1] == 0x53)
            {
                code = raw[position + 2];
                position += 3;
            }
            else if (raw[position + 1] == 0x80 && position + 10 <= raw.Length)
            {
                code = raw[position + 9];
                position += 10;
            }
            else
            {
                return false;
            }

            position = Skip(raw, position);
            if (position < 0)
            {
                return false;
            }

            switch (code)
            {
                case HeaderCode or DeliveryAnnotationsCode:
                    insertAt = position;
                    break;
                case MessageAnnotationsCode:
                    annotationsStart = sectionStart;
                    annotationsEnd = position;
                    break;
            }
        }

        if (annotationsStart < 0)
        {
            // The usual case (events without annotations of their own): write the section directly.
            var section = AnnotationsWriter.SizeOf(offset, partitionKey);
            var into = allocate(raw.Length + section);
            raw[..insertAt].CopyTo(into.Span);
            AnnotationsWriter.Write(into.Span.Slice(insertAt, section), sequenceNumber, offset, enqueuedTime, partitionKey);
            raw[insertAt..].CopyTo(into.Span[(insertAt + section)..]);
            stamped = into;
            return true;
        }

        var annotations = Encoder.ReadObject(new ByteBuffer(raw[annotationsStart..annotationsEnd].ToArray(), 0, annotationsEnd - annotationsStart, annotationsEnd - annotationsStart)) as MessageAnnotations;
        if (annotations is null)
        {
            return false;
        }

        annotations[EventAnnotations.SequenceNumber] = sequenceNumber;
        annotations[EventAnnotations.Offset] = offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
        annotations[EventAnnotations.EnqueuedTime] = enqueuedTime.UtcDateTime;
        if (partitionKey is not null && annotations.Map[EventAnnotations.PartitionKey] is null)
        {
            annotations[EventAnnotations.PartitionKey] = partitionKey;
        }

        var encoded = new ByteBuffer(256, autoGrow: true);
        Encoder.WriteObject(encoded, annotations);
        var cutStart = annotationsStart < 0 ? insertAt : annotationsStart;
        var cutEnd = annotationsStart < 0 ? insertAt : annotationsEnd;
        var target = allocate(cutStart + encoded.Length + (raw.Length - cutEnd));
        raw[..cutStart].CopyTo(target.Span);
        encoded.Buffer.AsSpan(encoded.Offset, encoded.Length).CopyTo(target.Span[cutStart..]);
        raw[cutEnd..].CopyTo(target.Span[(cutStart + encoded.Length)..]);
        stamped = target;
        return true;
    }

    /// <summary>The position after the AMQP value starting at <paramref name="position"/>, or -1.</summary>
    internal static int Skip(ReadOnlySpan<byte> raw, int position)
    {
        if (position >= raw.Length)
        {
            return -1;
        }

        var code = raw[position];
        int end;
        switch (code)
        {
            case 0x00:
                var afterDescriptor = Skip(raw, position + 1);
                return afterDescriptor < 0 ? -1 : Skip(raw, afterDescriptor);
            case >= 0x40 and <= 0x45:
                end = position + 1;
                break;
            case >= 0x50 and <= 0x56:
                end = position + 2;
                break;
            case 0x60 or 0x61:
                end = position + 3;
                break;
            case >= 0x70 and <= 0x74:
                end = position + 5;
                break;
            case >= 0x80 and <= 0x84:
                end = position + 9;
                break;
            case 0x94 or 0x98:
                end = position + 17;
                break;
            case 0xa0 or 0xa1 or 0xa3 or 0xc0 or 0xc1 or 0xe0:
                if (position + 2 > raw.Length)
                {
                    return -1;
                }

                end = position + 2 + raw[position + 1];
                break;
            case 0xb0 or 0xb1 or 0xb3 or 0xd0 or 0xd1 or 0xf0:
                if (position + 5 > raw.Length)
                {
                    return -1;
                }

                var size = BinaryPrimitives.ReadUInt32BigEndian(raw[(position + 1)..]);
                if (size > int.MaxValue - position - 5)
                {
                    return -1;
                }

                end = position + 5 + (int)size;
                break;
            default:
                return -1;
        }

        return end <= raw.Length ? end : -1;
    }
}
