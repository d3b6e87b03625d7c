using System.Buffers.Binary;
using System.Globalization;

namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>
/// A partition's events in append-only segment files named after their first offset. Each record is
/// length-prefixed and checksummed (length, CRC-32, sequence number, enqueued time, message), so recovery
/// can tell a complete record from the torn tail of a crash and cut the tail off.
/// </summary>
internal sealed class SegmentStore : IPartitionStore
{
    private const string Extension = ".seg";

    private readonly string directory;
    private readonly long segmentBytes;
    private FileStream? active;
    private long activeBase;

    public SegmentStore(string directory, long segmentBytes)
    {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        Directory.CreateDirectory(directory);
    }

    public IReadOnlyList<LogEvent> Recover()
    {
        var events = new List<LogEvent>();
        var segments = ListSegments();
        for (var i = 0; i < segments.Count; i++)
        {
            var (baseOffset, path) = segments[i];
            var validLength = ReadSegment(path, baseOffset, events);
            if (validLength < new FileInfo(path).Length)
            {
                // A torn or corrupt record can only be the last thing written: cut it and anything after it.
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    file.SetLength(validLength);
                }

                for (var j = i + 1; j < segments.Count; j++)
                {
                    File.Delete(segments[j].Path);
                }

                break;
            }
        }

        return events;
    }

    public void Append(IReadOnlyList<LogEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var first = events[0];
        if (active is null)
        {
            ResumeOrOpenSegment(first.Offset);
        }
        else if (active.Length >= segmentBytes)
        {
            active.Dispose();
            OpenSegment(first.Offset);
        }

        Span<byte> header = stackalloc byte[LogEvent.RecordHeaderSize];
        foreach (var e in events)
        {
            WriteHeader(header, e);
            active!.Write(header);
            active.Write(e.Message.Span);
        }

        active!.Flush();
    }

    public void DropBefore(long firstRetainedSequenceNumber)
    {
        var segments = ListSegments();
        // A segment can go when the next one starts at or before the first retained event; the newest always stays
        // so that sequence numbers and offsets continue after a restart.
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var nextFirstSequence = FirstSequenceNumber(segments[i + 1].Path);
            if (nextFirstSequence is null || nextFirstSequence > firstRetainedSequenceNumber)
            {
                break;
            }

            if (active is null || segments[i].BaseOffset != activeBase)
            {
                File.Delete(segments[i].Path);
            }
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
        active?.Dispose();
        active = null;
    }

    private void ResumeOrOpenSegment(long baseOffset)
    {
        var existing = ListSegments();
        if (existing.Count > 0)
        {
            // After a restart keep appending to the newest segment while it has room.
            var (lastBase, lastPath) = existing[^1];
            var length = new FileInfo(lastPath).Length;
            if (lastBase + length == baseOffset && length < segmentBytes)
            {
                active = new FileStream(lastPath, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
                activeBase = lastBase;
                return;
            }
        }

        OpenSegment(baseOffset);
    }

    private void OpenSegment(long baseOffset)
    {
        var path = Path.Combine(directory, baseOffset.ToString("D20", CultureInfo.InvariantCulture) + Extension);
        active = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        activeBase = baseOffset;
    }

    private List<(long BaseOffset, string Path)> ListSegments()
    {
        var list = new List<(long, string)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var baseOffset))
            {
                list.Add((baseOffset, path));
            }
        }

        list.Sort((x, y) => x.Item1.CompareTo(y.Item1));
        return list;
    }

    private static long ReadSegment(string path, long baseOffset, List<LogEvent> into)
    {
        var bytes = File.ReadAllBytes(path);
        long position = 0;
        while (position + LogEvent.RecordHeaderSize <= bytes.Length)
        {
            var header = bytes.AsSpan((int)position, LogEvent.RecordHeaderSize);
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            var end = position + LogEvent.RecordHeaderSize + length;
            if (length < 0 || end > bytes.Length)
            {
                break;
            }

            var fields = header[8..];
            var message = bytes.AsMemory((int)position + LogEvent.RecordHeaderSize, length);
            if (Crc32.Compute(fields, message.Span) != crc)
            {
                break;
            }

            var sequenceNumber = BinaryPrimitives.ReadInt64LittleEndian(fields);
            var ticks = BinaryPrimitives.ReadInt64LittleEndian(fields[8..]);
            if (into.Count > 0 && sequenceNumber != into[^1].SequenceNumber + 1)
            {
                break;
            }

            into.Add(new LogEvent(sequenceNumber, baseOffset + position, new DateTimeOffset(ticks, TimeSpan.Zero), message));
            position = end;
        }

        return position;
    }

    private static long? FirstSequenceNumber(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Span<byte> header = stackalloc byte[LogEvent.RecordHeaderSize];
        return file.Read(header) == LogEvent.RecordHeaderSize ? BinaryPrimitives.ReadInt64LittleEndian(header[8..]) : null;
    }

    private static void WriteHeader(Span<byte> header, LogEvent e)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, e.Message.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], e.SequenceNumber);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], e.EnqueuedTime.UtcTicks);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.Compute(header[8..], e.Message.Span));
    }
}
