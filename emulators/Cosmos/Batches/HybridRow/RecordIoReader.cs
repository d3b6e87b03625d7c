using System.IO.Hashing;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Batches.HybridRow;

/// <summary>
/// Splits a HybridRow RecordIO stream into its record bodies: one or more segments (a self-sized header row) each
/// followed by records (a header row with the body's length and CRC-32, then the body).
/// </summary>
internal static class RecordIoReader
{
    private const string What = "the RecordIO stream";

    public static List<ReadOnlyMemory<byte>> Records(ReadOnlyMemory<byte> stream, int maxRecords)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var reader = new RowSpan(stream.Span, What);
        if (reader.Remaining == 0)
        {
            throw Fail.MalformedBatch("The RecordIO stream is empty.");
        }

        var sawSegment = false;
        while (reader.Remaining > 0)
        {
            var start = reader.Position;
            if (reader.ReadByte() != HybridRowFormat.Version1)
            {
                throw Fail.MalformedBatch($"The row at byte {start} of the RecordIO stream does not start with HybridRow version 0x81.");
            }

            switch (reader.ReadInt32())
            {
                case HybridRowFormat.RecordIoSegmentSchema:
                    SkipSegment(ref reader, start);
                    sawSegment = true;
                    break;
                case HybridRowFormat.RecordIoRecordSchema when sawSegment:
                    if (records.Count == maxRecords)
                    {
                        throw Fail.BadRequest($"A batch must have between 1 and {maxRecords} operations; this one has more.");
                    }

                    records.Add(ReadRecord(ref reader, stream, start));
                    break;
                case HybridRowFormat.RecordIoRecordSchema:
                    throw Fail.MalformedBatch("The RecordIO stream has a record before its first segment header.");
                case var other:
                    throw Fail.MalformedBatch($"The row at byte {start} of the RecordIO stream has schema id {other}, neither a RecordIO segment nor a record.");
            }
        }

        return records;
    }

    /// <summary>A segment row: a presence bitmask, then its own length in bytes (fixed int32), then optional sparse fields.</summary>
    private static void SkipSegment(ref RowSpan reader, int start)
    {
        var presence = reader.ReadByte();
        var length = reader.ReadInt32();
        if ((presence & 1) == 0 || length < HybridRowFormat.HeaderSize + 5 || length > reader.Length - start)
        {
            throw Fail.MalformedBatch($"The RecordIO segment header at byte {start} has no valid length.");
        }

        reader.Position = start + length;
    }

    /// <summary>A record header row (non-nullable fixed int32 length and uint32 CRC-32, no bitmask), then the body.</summary>
    private static ReadOnlyMemory<byte> ReadRecord(ref RowSpan reader, ReadOnlyMemory<byte> stream, int start)
    {
        var length = reader.ReadInt32();
        var crc = reader.ReadUInt32();
        if (length < 0 || length > reader.Remaining)
        {
            throw Fail.MalformedBatch($"The RecordIO record at byte {start} declares {length} bytes but only {reader.Remaining} remain.");
        }

        var body = stream.Slice(reader.Position, length);
        reader.Skip(length);
        if (Crc32.HashToUInt32(body.Span) != crc)
        {
            throw Fail.MalformedBatch($"The RecordIO record at byte {start} fails its CRC-32 check.");
        }

        return body;
    }
}
