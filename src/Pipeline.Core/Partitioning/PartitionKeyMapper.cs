using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Pipeline.Core.Partitioning;

/// <summary>
/// Maps a partition key to a partition index exactly as Event Hubs does, so that producers, the emulator and
/// tests agree on where a stream's events land (Jenkins lookup3 over the key's UTF-8 bytes, folded to 16 bits).
/// </summary>
public static class PartitionKeyMapper
{
    private const int StackLimit = 512;

    /// <summary>Returns the index of the partition (0 ≤ index &lt; <paramref name="partitionCount"/>) that owns the key.</summary>
    public static int GetPartitionIndex(string partitionKey, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        return ToIndex(ComputeHash(partitionKey), partitionCount);
    }

    /// <summary>Returns the index of the partition that owns a key given as UTF-8 bytes.</summary>
    public static int GetPartitionIndex(ReadOnlySpan<byte> utf8PartitionKey, int partitionCount) =>
        ToIndex(ComputeHash(utf8PartitionKey), partitionCount);

    /// <summary>Returns the 16-bit hash Event Hubs computes for a key; ill-formed UTF-16 is encoded with replacement characters, as the service does.</summary>
    public static short ComputeHash(string partitionKey)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        var length = Encoding.UTF8.GetByteCount(partitionKey);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(partitionKey, buffer);
            return ComputeHash(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Returns the 16-bit hash Event Hubs computes for a key given as UTF-8 bytes.</summary>
    public static short ComputeHash(ReadOnlySpan<byte> utf8PartitionKey)
    {
        var (b, c) = Lookup3(utf8PartitionKey);
        return unchecked((short)(c ^ b));
    }

    private static int ToIndex(short hash, int partitionCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(partitionCount);
        return Math.Abs(hash % partitionCount);
    }

    // Bob Jenkins' lookup3 "hashlittle2" with both seeds 0, reading bytes little-endian regardless of alignment.
    private static (uint B, uint C) Lookup3(ReadOnlySpan<byte> key)
    {
        uint a, b, c;
        a = b = c = unchecked(0xdeadbeef + (uint)key.Length);

        while (key.Length > 12)
        {
            a += BinaryPrimitives.ReadUInt32LittleEndian(key);
            b += BinaryPrimitives.ReadUInt32LittleEndian(key[4..]);
            c += BinaryPrimitives.ReadUInt32LittleEndian(key[8..]);
            Mix(ref a, ref b, ref c);
            key = key[12..];
        }

        if (key.IsEmpty)
        {
            // lookup3 returns the seeded values untouched for an empty tail.
            return (b, c);
        }

        // The remaining 1..12 bytes are added as a zero-padded little-endian block.
        Span<byte> tail = stackalloc byte[12];
        tail.Clear();
        key.CopyTo(tail);
        a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
        b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
        c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
        Final(ref a, ref b, ref c);
        return (b, c);
    }

    private static void Mix(ref uint a, ref uint b, ref uint c)
    {
        a -= c; a ^= BitOperations.RotateLeft(c, 4); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 6); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 8); b += a;
        a -= c; a ^= BitOperations.RotateLeft(c, 16); c += b;
        b -= a; b ^= BitOperations.RotateLeft(a, 19); a += c;
        c -= b; c ^= BitOperations.RotateLeft(b, 4); b += a;
    }

    private static void Final(ref uint a, ref uint b, ref uint c)
    {
        c ^= b; c -= BitOperations.RotateLeft(b, 14);
        a ^= c; a -= BitOperations.RotateLeft(c, 11);
        b ^= a; b -= BitOperations.RotateLeft(a, 25);
        c ^= b; c -= BitOperations.RotateLeft(b, 16);
        a ^= c; a -= BitOperations.RotateLeft(c, 4);
        b ^= a; b -= BitOperations.RotateLeft(a, 14);
        c ^= b; c -= BitOperations.RotateLeft(b, 24);
    }
}
