using System.Text;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class PartitionLogTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("eh-log-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private PartitionLog Open(long segmentBytes = 1 << 20) => new("0", new SegmentStore(directory, segmentBytes));

    private static void Append(PartitionLog log, params string[] bodies) =>
        log.Append(bodies, (body, _, _, _, slab) => slab.Store(Encoding.UTF8.GetBytes(body)));

    private static List<string> ReadAll(PartitionLog log)
    {
        var events = new List<LogEvent>();
        log.Read(0, int.MaxValue, events);
        return [.. events.Select(e => Encoding.UTF8.GetString(e.Message.Span))];
    }

    [Fact]
    public void A_torn_tail_is_cut_off_on_recovery_and_appends_continue_after_the_last_good_record()
    {
        using (var log = Open())
        {
            Append(log, "a", "b", "c");
        }

        var segment = Directory.GetFiles(directory).Single();
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 1);
            file.Seek(0, SeekOrigin.End);
            file.Write([1, 2, 3, 4, 5, 6, 7]);
        }

        using (var recovered = Open())
        {
            Assert.Equal(["a", "b"], ReadAll(recovered));
            Append(recovered, "d");
            Assert.Equal(2, recovered.Snapshot().LastEnqueuedSequenceNumber);
        }

        using var reopened = Open();
        Assert.Equal(["a", "b", "d"], ReadAll(reopened));
    }

    [Fact]
    public void A_corrupted_record_is_detected_by_its_checksum()
    {
        using (var log = Open())
        {
            Append(log, "first", "second");
        }

        var segment = Directory.GetFiles(directory).Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);

        using var recovered = Open();
        Assert.Equal(["first"], ReadAll(recovered));
    }

    [Fact]
    public void Retention_by_size_drops_the_oldest_events_and_whole_segments_but_keeps_numbering()
    {
        using (var log = Open(segmentBytes: 100))
        {
            for (var i = 0; i < 20; i++)
            {
                Append(log, new string('x', 40) + i);
            }

            var dropped = log.ApplyRetention(DateTimeOffset.UtcNow, TimeSpan.FromDays(1), maxBytes: 5 * 66);
            Assert.Equal(15, dropped);
            Assert.Equal(15, log.Snapshot().BeginSequenceNumber);
        }

        Assert.True(Directory.GetFiles(directory).Length < 20);
        using var reopened = Open(segmentBytes: 100);
        Append(reopened, "next");
        Assert.Equal(20, reopened.Snapshot().LastEnqueuedSequenceNumber);
    }

    [Fact]
    public void Retention_by_time_empties_the_partition_but_not_its_position()
    {
        using var log = new PartitionLog("0", new MemoryPartitionStore());
        Append(log, "old", "older");

        log.ApplyRetention(DateTimeOffset.UtcNow.AddHours(2), TimeSpan.FromHours(1), long.MaxValue);

        var snapshot = log.Snapshot();
        Assert.True(snapshot.IsEmpty);
        Assert.Equal(1, snapshot.LastEnqueuedSequenceNumber);
        Assert.Equal(2, log.Resolve(StartPosition.Earliest));
    }

    [Fact]
    public async Task A_waiting_reader_is_woken_by_the_next_append()
    {
        using var log = new PartitionLog("0", new MemoryPartitionStore());
        var waiting = log.WhenAvailableAsync(0);
        Assert.False(waiting.IsCompleted);

        Append(log, "now");

        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
