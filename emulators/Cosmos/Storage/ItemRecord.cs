using System.Text;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>One change to a container as the journal keeps it: an item written (with its body) or deleted.</summary>
internal readonly record struct ItemRecord(bool IsDelete, long Lsn, long Timestamp, ulong RidNumber, string PartitionKey, string Id, string ETag, byte[] Body)
{
    public static ItemRecord Put(StoredItem item) =>
        new(false, item.Lsn, item.Timestamp, item.RidNumber, item.PartitionKey, item.Id, item.ETag, item.Body);

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(IsDelete ? (byte)2 : (byte)1);
        writer.Write(Lsn);
        writer.Write(Timestamp);
        writer.Write(RidNumber);
        writer.Write(PartitionKey);
        writer.Write(Id);
        writer.Write(ETag);
        writer.Write(Body.Length);
        writer.Write(Body);
    }

    /// <summary>Writes records as one journal payload: a single record, or several that must apply together.</summary>
    public static void WriteAll(BinaryWriter writer, IReadOnlyList<ItemRecord> records)
    {
        if (records.Count != 1)
        {
            writer.Write(AtomicGroup);
            writer.Write(records.Count);
        }

        foreach (var record in records)
        {
            record.WriteTo(writer);
        }
    }

    /// <summary>Reads one journal payload back into its records.</summary>
    public static IReadOnlyList<ItemRecord> ReadAll(ReadOnlySpan<byte> payload)
    {
        using var stream = new MemoryStream(payload.ToArray(), writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        if (payload.Length > 0 && payload[0] == AtomicGroup)
        {
            reader.ReadByte();
            var count = reader.ReadInt32();
            var records = new List<ItemRecord>(count);
            for (var i = 0; i < count; i++)
            {
                records.Add(Read(reader));
            }

            return records;
        }

        return [Read(reader)];
    }

    private const byte AtomicGroup = 3;

    private static ItemRecord Read(BinaryReader reader)
    {
        var kind = reader.ReadByte();
        if (kind is not (1 or 2))
        {
            throw new InvalidDataException($"Unknown journal record kind {kind}.");
        }

        var lsn = reader.ReadInt64();
        var ts = reader.ReadInt64();
        var rid = reader.ReadUInt64();
        var pk = reader.ReadString();
        var id = reader.ReadString();
        var etag = reader.ReadString();
        var length = reader.ReadInt32();
        var body = reader.ReadBytes(length);
        if (body.Length != length)
        {
            throw new InvalidDataException("Journal record body is truncated.");
        }

        return new ItemRecord(kind == 2, lsn, ts, rid, pk, id, etag, body);
    }
}
