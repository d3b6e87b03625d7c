using System.Buffers.Binary;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// An append-only byte buffer with the HybridRow primitives (little-endian fixed values, LEB128 varints), which lets a
/// header be written back once the length and CRC of what follows it are known.
/// </summary>
internal sealed class RowWriter(int capacity)
{
    private byte[] buffer = new byte[Math.Max(capacity, 64)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, Length);

    /// <summary>Reserves <paramref name="count"/> bytes at the end and returns them to be filled.</summary>
    public Span<byte> Append(int count)
    {
        if (Length + count > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, Length + count));
        }

        var span = buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }

    /// <summary>Bytes already written, for filling in a reserved header.</summary>
    public Span<byte> At(int offset, int count) => buffer.AsSpan(offset, count);

    public void WriteByte(byte value) => Append(1)[0] = value;

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Append(4), value);

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Append(4), value);

    public void WriteFloat64(double value) => BinaryPrimitives.WriteDoubleLittleEndian(Append(8), value);

    public void WriteVarUInt(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    public void WriteLengthPrefixed(ReadOnlySpan<byte> value)
    {
        WriteVarUInt((ulong)value.Length);
        value.CopyTo(Append(value.Length));
    }

    public byte[] ToArray() => Written.ToArray();
}
