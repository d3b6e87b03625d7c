using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Encodes the message-annotations section the broker stamps on an event that carries none of its own, straight into
/// the stored bytes: building an AMQPNetLite map (boxed values, symbol keys) and encoding it cost more per event than
/// copying the event's body.
/// </summary>
internal static class AnnotationsWriter
{
    private static readonly byte[] SequenceNumberKey = Symbol("x-opt-sequence-number");
    private static readonly byte[] OffsetKey = Symbol("x-opt-offset");
    private static readonly byte[] EnqueuedTimeKey = Symbol("x-opt-enqueued-time");
    private static readonly byte[] PartitionKeyKey = Symbol("x-opt-partition-key");

    // Descriptor (0x00, smallulong 0x53, code 0x72) then the map's format code.
    private const int SectionHeader = 3;
    private const byte Map8 = 0xc1;
    private const byte Map32 = 0xd1;

    /// <summary>The encoded size of the section for these values.</summary>
    public static int SizeOf(long offset, string? partitionKey)
    {
        var body = MapContentSize(offset, partitionKey);
        return SectionHeader + (body + 1 <= byte.MaxValue ? 2 + 1 : 1 + 4 + 4) + body;
    }

    /// <summary>Writes the section into <paramref name="target"/>, which is exactly <see cref="SizeOf"/> bytes long.</summary>
    public static void Write(Span<byte> target, long sequenceNumber, long offset, DateTimeOffset enqueuedTime, string? partitionKey)
    {
        var body = MapContentSize(offset, partitionKey);
        var count = partitionKey is null ? 6 : 8;
        target[0] = 0x00;
        target[1] = 0x53;
        target[2] = 0x72;
        var at = SectionHeader;
        if (body + 1 <= byte.MaxValue)
        {
            target[at++] = Map8;
            target[at++] = (byte)(body + 1);
            target[at++] = (byte)count;
        }
        else
        {
            target[at++] = Map32;
            BinaryPrimitives.WriteInt32BigEndian(target[at..], body + 4);
            BinaryPrimitives.WriteInt32BigEndian(target[(at + 4)..], count);
            at += 8;
        }

        at += Copy(SequenceNumberKey, target[at..]);
        target[at++] = 0x81;
        BinaryPrimitives.WriteInt64BigEndian(target[at..], sequenceNumber);
        at += 8;

        at += Copy(OffsetKey, target[at..]);
        var digits = DigitCount(offset);
        target[at++] = 0xa1;
        target[at++] = (byte)digits;
        offset.TryFormat(target.Slice(at, digits), out _, default, CultureInfo.InvariantCulture);
        at += digits;

        at += Copy(EnqueuedTimeKey, target[at..]);
        target[at++] = 0x83;
        BinaryPrimitives.WriteInt64BigEndian(target[at..], enqueuedTime.ToUnixTimeMilliseconds());
        at += 8;

        if (partitionKey is not null)
        {
            at += Copy(PartitionKeyKey, target[at..]);
            at += WriteString(target[at..], partitionKey);
        }

        if (at != target.Length)
        {
            throw new InvalidOperationException($"The annotations section came out {at} bytes long instead of {target.Length}.");
        }
    }

    private static int MapContentSize(long offset, string? partitionKey)
    {
        var size = SequenceNumberKey.Length + 9
            + OffsetKey.Length + StringSize(DigitCount(offset))
            + EnqueuedTimeKey.Length + 9;
        if (partitionKey is not null)
        {
            size += PartitionKeyKey.Length + StringSize(Encoding.UTF8.GetByteCount(partitionKey));
        }

        return size;
    }

    private static int StringSize(int utf8Length) => (utf8Length <= byte.MaxValue ? 2 : 5) + utf8Length;

    private static int DigitCount(long value)
    {
        Span<byte> digits = stackalloc byte[20];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int WriteString(Span<byte> target, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        int header;
        if (length <= byte.MaxValue)
        {
            target[0] = 0xa1;
            target[1] = (byte)length;
            header = 2;
        }
        else
        {
            target[0] = 0xb1;
            BinaryPrimitives.WriteInt32BigEndian(target[1..], length);
            header = 5;
        }

        return header + Encoding.UTF8.GetBytes(value, target[header..]);
    }

    private static int Copy(byte[] source, Span<byte> target)
    {
        source.CopyTo(target);
        return source.Length;
    }

    private static byte[] Symbol(string name)
    {
        var bytes = new byte[2 + name.Length];
        bytes[0] = 0xa3;
        bytes[1] = (byte)name.Length;
        Encoding.ASCII.GetBytes(name, bytes.AsSpan(2));
        return bytes;
    }
}
