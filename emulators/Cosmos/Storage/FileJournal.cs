using System.Buffers.Binary;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// A container's durable store: an append-only journal of checksummed records plus a periodic snapshot that is
/// written to a temporary file, flushed and atomically renamed, after which the journal starts again empty.
/// A crash mid-append leaves a torn last record, which recovery recognises by its checksum and cuts off.
/// </summary>
internal sealed class FileJournal : IItemJournal
{
    private const int SnapshotMagic = 0x504E5343; // "CSNP"
    private const int FooterMagic = 0x444E4543; // "CEND"

    private readonly string directory;
    private readonly string journalPath;
    private readonly string snapshotPath;
    private readonly long snapshotThreshold;
    private readonly bool flushToDisk;
    private FileStream? journal;

    public FileJournal(string directory, long snapshotThresholdBytes, bool flushToDisk)
    {
        this.directory = directory;
        journalPath = Path.Combine(directory, "journal.log");
        snapshotPath = Path.Combine(directory, "snapshot.bin");
        snapshotThreshold = snapshotThresholdBytes;
        this.flushToDisk = flushToDisk;
        Directory.CreateDirectory(directory);
    }

    public bool WantsSnapshot => journal is { } j && j.Length >= snapshotThreshold;

    public RecoveredItems Recover()
    {
        var snapshot = new List<ItemRecord>();
        long lastLsn = 0;
        ulong lastRid = 0;
        if (File.Exists(snapshotPath))
        {
            using var stream = new FileStream(snapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            var frames = RecordFraming.ReadAll(stream, out _);
            if (frames.Count < 2 || BinaryPrimitives.ReadInt32LittleEndian(frames[0]) != SnapshotMagic || BinaryPrimitives.ReadInt32LittleEndian(frames[^1]) != FooterMagic)
            {
                throw new InvalidDataException($"The snapshot {snapshotPath} is damaged; snapshots are only ever renamed into place complete.");
            }

            lastLsn = BinaryPrimitives.ReadInt64LittleEndian(frames[0].AsSpan(4));
            lastRid = BinaryPrimitives.ReadUInt64LittleEndian(frames[0].AsSpan(12));
            snapshot.AddRange(frames.Skip(1).Take(frames.Count - 2).SelectMany(f => ItemRecord.ReadAll(f)));
        }

        var records = new List<ItemRecord>();
        journal = new FileStream(journalPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var payloads = RecordFraming.ReadAll(journal, out var validLength);
        foreach (var payload in payloads)
        {
            // Records at or below the snapshot's LSN were already folded into it (a crash after the rename but before the reset).
            records.AddRange(ItemRecord.ReadAll(payload).Where(r => r.Lsn > lastLsn));
        }

        // Cut off a torn tail so new records follow the last intact one.
        journal.SetLength(validLength);
        journal.Position = validLength;
        return new RecoveredItems(snapshot, records, lastLsn, lastRid);
    }

    public void Append(IReadOnlyList<ItemRecord> records)
    {
        var stream = journal ?? throw new InvalidOperationException("Recover must run before Append.");
        using var buffer = new MemoryStream(records.Sum(r => r.Body.Length) + 256);
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            ItemRecord.WriteAll(writer, records);
        }

        var start = stream.Position;
        try
        {
            stream.Write(RecordFraming.Frame(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            stream.Flush(flushToDisk);
        }
        catch (IOException)
        {
            // Never leave a partial record in the middle of the journal: later records would be unreachable.
            stream.SetLength(start);
            stream.Position = start;
            throw;
        }
    }

    public void WriteSnapshot(IReadOnlyCollection<StoredItem> items, long lastLsn, ulong lastRid)
    {
        var temporary = snapshotPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            var header = new byte[20];
            BinaryPrimitives.WriteInt32LittleEndian(header, SnapshotMagic);
            BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(4), lastLsn);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(12), lastRid);
            stream.Write(RecordFraming.Frame(header));
            using var buffer = new MemoryStream();
            foreach (var item in items)
            {
                buffer.SetLength(0);
                using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
                {
                    ItemRecord.Put(item).WriteTo(writer);
                }

                stream.Write(RecordFraming.Frame(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            }

            var footer = new byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(footer, FooterMagic);
            BinaryPrimitives.WriteInt64LittleEndian(footer.AsSpan(4), items.Count);
            stream.Write(RecordFraming.Frame(footer));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, snapshotPath, overwrite: true);
        if (journal is { } j)
        {
            j.SetLength(0);
            j.Position = 0;
            j.Flush(flushToDisk);
        }
    }

    public void Destroy()
    {
        Dispose();
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public void Dispose()
    {
        journal?.Dispose();
        journal = null;
    }
}
