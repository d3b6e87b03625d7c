using System.Buffers.Binary;
using System.Text;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>
/// Maps a partition key to a partition the way the Event Hubs SDKs do (Jenkins lookup3 over the UTF-8 bytes,
/// the two hash words folded into a 16-bit value), so keys land where producers and tests expect them.
/// </summary>
internal static class PartitionKeyMapper
{
    public static int ToPartition(string partitionKey, int partitionCount)
    {
        var hash = Hash(partitionKey);
        return Math.Abs(hash % partitionCount);
    }

    public static short Hash(string partitionKey)
    {
        var bytes = Encoding.UTF8.GetBytes(partitionKey);
        var (b, c) = Lookup3(bytes);
        return unchecked((short)(c ^ b));
    }

    private static (uint B, uint C) Lookup3(ReadOnlySpan<byte> data)
    {
        uint a, b, c;
        a = b = c = unchecked(0xdeadbeef + (uint)data.Length);
        var index = 0;
        var size = data.Length;
        while (size > 12)
        {
            a += Read(data, index);
            b += Read(data, index + 4);
            c += Read(data, index + 8);
            Mix(ref a, ref b, ref c);
            index += 12;
            size -= 12;
        }

        // Deliberate fall-through over the tail bytes, as in lookup3's hashlittle2.
        switch (size)
        {
            case 12:
                c += Read(data, index + 8);
                b += Read(data, index + 4);
                a += Read(data, index);
                break;
            case 11:
            case 10:
            case 9:
                if (size >= 11) { c += (uint)data[index + 10] << 16; }
                if (size >= 10) { c += (uint)data[index + 9] << 8; }
                c += data[index + 8];
                b += Read(data, index + 4);
                a += Read(data, index);
                break;
            case 8:
                b += Read(data, index + 4);
                a += Read(data, index);
                break;
            case 7:
            case 6:
            case 5:
                if (size >= 7) { b += (uint)data[index + 6] << 16; }
                if (size >= 6) { b += (uint)data[index + 5] << 8; }
                b += data[index + 4];
                a += Read(data, index);
                break;
            case 4:
                a += Read(data, index);
                break;
            case 3:
            case 2:
            case 1:
                if (size >= 3) { a += (uint)data[index + 2] << 16; }
                if (size >= 2) { a += (uint)data[index + 1] << 8; }
                a += data[index];
                break;
            default:
                return (b, c);
        }

        Final(ref a, ref b, ref c);
        return (b, c);
    }

    private static uint Read(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= uint.RotateLeft(c, 4); c += b;
        b -= a; b ^= uint.RotateLeft(a, 6); a += c;
        c -= b; c ^= uint.RotateLeft(b, 8); b += a;
        a -= c; a ^= uint.RotateLeft(c, 16); c += b;
        b -= a; b ^= uint.RotateLeft(a, 19); a += c;
        c -= b; c ^= uint.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= uint.RotateLeft(b, 14);
        a ^= c; a -= uint.RotateLeft(c, 11);
        b ^= a; b -= uint.RotateLeft(a, 25);
        c ^= b; c -= uint.RotateLeft(b, 16);
        a ^= c; a -= uint.RotateLeft(c, 4);
        b ^= a; b -= uint.RotateLeft(a, 14);
        c ^= b; c -= uint.RotateLeft(b, 24);
    }
}
