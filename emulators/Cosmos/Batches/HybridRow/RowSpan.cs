using System.Buffers.Binary;
using System.Text;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// A bounds-checked cursor over one encoded row or stream, so that a truncated or lying length becomes a specific 400
/// rather than an exception from the runtime. <paramref name="what"/> (and <paramref name="index"/>, when not negative)
/// name the row in those messages.
/// </summary>
internal ref struct RowSpan(ReadOnlySpan<byte> bytes, string what, int index = -1)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> bytes = bytes;

    public int Position { get; set; }

    public readonly int Length => bytes.Length;

    public readonly int Remaining => bytes.Length - Position;

    private readonly string Name => index < 0 ? what : $"{what} {index}";

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>An unsigned LEB128 varint, as HybridRow encodes lengths and path tokens.</summary>
    public ulong ReadVarUInt()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Fail.MalformedBatch($"A variable-length integer in {Name} runs past 10 bytes.");
    }

    /// <summary>A length-prefixed byte run (HybridRow's variable and sparse utf8/binary fields).</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed(string field)
    {
        var length = ReadVarUInt();
        if (length > (ulong)Remaining)
        {
            throw Fail.MalformedBatch($"The field '{field}' in {Name} declares {length} bytes but only {Remaining} remain.");
        }

        return Take((int)length);
    }

    public string ReadUtf8(string field)
    {
        var raw = ReadLengthPrefixed(field);
        try
        {
            return StrictUtf8.GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            throw Fail.MalformedBatch($"The field '{field}' in {Name} is not valid UTF-8.");
        }
    }

    public void Skip(int count) => Take(count);

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            var name = Name;
            throw Fail.MalformedBatch($"{char.ToUpperInvariant(name[0])}{name[1..]} ends after {Length} bytes, in the middle of a field.");
        }

        var taken = bytes.Slice(Position, count);
        Position += count;
        return taken;
    }
}
