using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>Writes a HybridRow RecordIO stream: one segment header with no comment or schema, then each record.</summary>
internal sealed class RecordIoWriter
{
    private const int SegmentSize = HybridRowFormat.HeaderSize + 1 + 4;
    private const int RecordHeaderSize = HybridRowFormat.HeaderSize + 4 + 4;

    private readonly RowWriter output;

    public RecordIoWriter(int capacity)
    {
        output = new RowWriter(capacity + SegmentSize);
        output.WriteByte(HybridRowFormat.Version1);
        output.WriteInt32(HybridRowFormat.RecordIoSegmentSchema);
        output.WriteByte(1); // presence bit of the segment's `length`
        output.WriteInt32(SegmentSize);
    }

    /// <summary>Starts a record: reserves its header, to be completed by <see cref="EndRecord"/> once the body is written.</summary>
    public RowWriter BeginRecord(out int headerOffset)
    {
        headerOffset = output.Length;
        output.Append(RecordHeaderSize);
        return output;
    }

    public void EndRecord(int headerOffset)
    {
        var bodyStart = headerOffset + RecordHeaderSize;
        var body = output.Written[bodyStart..];
        var header = output.At(headerOffset, RecordHeaderSize);
        header[0] = HybridRowFormat.Version1;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], HybridRowFormat.RecordIoRecordSchema);
        BinaryPrimitives.WriteInt32LittleEndian(header[5..], body.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[9..], Crc32.HashToUInt32(body));
    }

    public byte[] ToArray() => output.ToArray();
}
