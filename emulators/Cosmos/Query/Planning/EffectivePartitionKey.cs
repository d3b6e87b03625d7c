using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Pipeline.Emulators.Cosmos.Query.Planning;

/// <summary>
/// The effective partition key (hash version 2) that places a logical partition on the ring of partition key ranges:
/// MurmurHash3 (x64, 128-bit) of the type-prefixed value, byte-reversed, top two bits cleared, as upper-case hex.
/// Hierarchical keys concatenate one hash per component. The SDKs route a query plan's point ranges with it.
/// </summary>
internal static class EffectivePartitionKey
{
    private const byte Undefined = 0x00, Null = 0x01, False = 0x02, True = 0x03, Number = 0x05, String = 0x08, End = 0xFF;

    /// <summary>The effective key of a partition key value (string, double, bool or null per component; undefined when missing).</summary>
    public static string Of(IReadOnlyList<object?> components, bool hierarchical)
    {
        if (!hierarchical)
        {
            return Hash(components);
        }

        return string.Concat(components.Select(c => Hash([c])));
    }

    private static string Hash(IReadOnlyList<object?> components)
    {
        var bytes = new List<byte>();
        foreach (var component in components)
        {
            switch (component)
            {
                case string s:
                    bytes.Add(String);
                    bytes.AddRange(Encoding.UTF8.GetBytes(s));
                    bytes.Add(End);
                    break;
                case double d:
                    bytes.Add(Number);
                    var number = new byte[8];
                    BinaryPrimitives.WriteDoubleLittleEndian(number, d);
                    bytes.AddRange(number);
                    break;
                case bool b:
                    bytes.Add(b ? True : False);
                    break;
                case null:
                    bytes.Add(Null);
                    break;
                default:
                    bytes.Add(Undefined);
                    break;
            }
        }

        var (low, high) = MurmurHash3(bytes.ToArray());
        Span<byte> hash = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(hash, high);
        BinaryPrimitives.WriteUInt64BigEndian(hash[8..], low);
        hash[0] &= 0x3F;
        return Convert.ToHexString(hash);
    }

    private static (ulong H1, ulong H2) MurmurHash3(ReadOnlySpan<byte> data)
    {
        const ulong c1 = 0x87c37b91114253d5, c2 = 0x4cf5ad432745937f;
        ulong h1 = 0, h2 = 0;
        var blocks = data.Length / 16;
        for (var i = 0; i < blocks; i++)
        {
            var k1 = BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 16)..]);
            var k2 = BinaryPrimitives.ReadUInt64LittleEndian(data[((i * 16) + 8)..]);
            h1 ^= BitOperations.RotateLeft(k1 * c1, 31) * c2;
            h1 = (BitOperations.RotateLeft(h1, 27) + h2) * 5 + 0x52dce729;
            h2 ^= BitOperations.RotateLeft(k2 * c2, 33) * c1;
            h2 = (BitOperations.RotateLeft(h2, 31) + h1) * 5 + 0x38495ab5;
        }

        var tail = data[(blocks * 16)..];
        ulong t1 = 0, t2 = 0;
        for (var i = tail.Length - 1; i >= 8; i--)
        {
            t2 = (t2 << 8) | tail[i];
        }

        for (var i = Math.Min(tail.Length, 8) - 1; i >= 0; i--)
        {
            t1 = (t1 << 8) | tail[i];
        }

        if (tail.Length > 8)
        {
            h2 ^= BitOperations.RotateLeft(t2 * c2, 33) * c1;
        }

        if (tail.Length > 0)
        {
            h1 ^= BitOperations.RotateLeft(t1 * c1, 31) * c2;
        }

        h1 ^= (ulong)data.Length;
        h2 ^= (ulong)data.Length;
        h1 += h2;
        h2 += h1;
        h1 = Mix(h1);
        h2 = Mix(h2);
        h1 += h2;
        h2 += h1;
        return (h1, h2);
    }

    private static ulong Mix(ulong k)
    {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccd;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53;
        return k ^ (k >> 33);
    }
}
