using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Pipeline.Cosmos.Documents;
using Pipeline.Cosmos.Streams;
using static Pipeline.Cosmos.Tests.EventRunTests;

namespace Pipeline.Cosmos.Tests;

public sealed class EventBufferTests
{
    [Fact]
    public void A_buffer_filled_one_event_at_a_time_keeps_every_event_in_order_in_few_blocks()
    {
        var all = Stored(1, 100, partition: "3");

        var buffer = AppendOneByOne(all, compress: true);

        AssertSame(all, buffer.Events);
        Assert.Equal(100, buffer.Runs.Length);
        Assert.Equal(buffer.Runs.Length, buffer.Blocks.Sum(b => b.RunCount));
        Assert.Equal(100, buffer.Blocks.Sum(b => b.EventCount));
        Assert.InRange(buffer.Blocks.Count, 1, 7);
    }

    [Fact]
    public void An_append_compresses_only_its_own_run_when_the_blocks_before_it_are_larger()
    {
        var before = AppendOneByOne(Stored(1, 8), compress: true);
        Assert.Single(before.Blocks);

        var after = before.Append(EventRun.Encode(Stored(9, 1)), compress: true);

        Assert.Equal(2, after.Blocks.Count);
        Assert.Same(before.Blocks[0], after.Blocks[0]);
        Assert.Equal(1, after.Blocks[1].EventCount);
    }

    [Fact]
    public void A_tip_of_several_blocks_round_trips_through_its_document_and_appends_on_from_there()
    {
        var all = Stored(1, 12, partition: "1");
        var tip = TipOf(AppendOneByOne(all, compress: true));
        Assert.True(tip.Buffer.Blocks.Count > 1);

        var json = TipJson.Write(tip, compress: true).ToArray();
        var read = TipJson.Read(new MemoryStream(json), "etag");

        Assert.Equal(JsonValueKind.Array, Field(json, "z").ValueKind);
        AssertSame(all, read.Buffer.Events);
        Assert.Equal(tip.Buffer.Blocks.Select(b => b.Token), read.Buffer.Blocks.Select(b => b.Token));
        var more = Stored(13, 2, partition: "1");
        var appended = read.Buffer.Append(EventRun.Encode(more), compress: true);
        AssertSame([.. all, .. more], TipJson.Read(new MemoryStream(TipJson.Write(TipOf(appended), compress: true).ToArray()), "etag").Buffer.Events);
    }

    [Fact]
    public void One_block_is_written_as_the_single_string_readers_from_before_blocks_expect()
    {
        var events = Stored(1, 4);
        var buffer = EventBuffer.Of(EventRun.Encode(events), compress: true);

        var z = Field(TipJson.Write(TipOf(buffer), compress: true).ToArray(), "z");

        Assert.Equal(JsonValueKind.String, z.ValueKind);
        Assert.Equal(EventRun.Encode(events).Json.ToArray(), Decompress(z.GetBytesFromBase64()));
    }

    [Fact]
    public void Tips_written_before_blocks_existed_still_read_compressed_or_plain_and_take_appends()
    {
        var events = Stored(1, 6, partition: "0");
        var array = EventRun.Encode(events).Json.ToArray();
        var compressed = Convert.ToBase64String(BrotliCompress(array));
        var before = $$"""{"id":"-1","streamId":"s","i":1,"n":7,"created":"2026-01-01T00:00:00+00:00","updated":"2026-01-01T00:00:00+00:00","hwm":{"0":106},"ids":[],"states":{}""";

        foreach (var document in new[] { $$"""{{before}},"z":"{{compressed}}"}""", $$"""{{before}},"e":{{Encoding.UTF8.GetString(array)}}}""" })
        {
            var tip = TipJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(document)), "etag");
            AssertSame(events, tip.Buffer.Events);

            var more = Stored(7, 1, partition: "0");
            var appended = tip.Buffer.Append(EventRun.Encode(more), compress: true);
            var written = TipJson.Write(TipOf(appended), compress: true).ToArray();
            AssertSame([.. events, .. more], TipJson.Read(new MemoryStream(written), "etag").Buffer.Events);
        }
    }

    [Fact]
    public void An_uncompressed_buffer_of_several_runs_is_written_as_the_one_array_of_its_events()
    {
        var all = Stored(1, 7);

        var buffer = AppendOneByOne(all, compress: false);

        Assert.Empty(buffer.Blocks);
        var e = Field(TipJson.Write(TipOf(buffer), compress: false).ToArray(), "e");
        Assert.Equal(EventRun.Encode(all).Json.ToArray(), Encoding.UTF8.GetBytes(e.GetRawText()));
    }

    [Fact]
    public void A_buffer_from_a_later_version_holds_only_the_events_from_there_on()
    {
        var buffer = AppendOneByOne(Stored(10, 6), compress: true);

        Assert.Same(buffer, buffer.From(10, compress: true));
        var later = buffer.From(13, compress: true);
        Assert.Equal([13L, 14, 15], later.Events.Select(e => e.Version));
        Assert.Single(later.Blocks);
    }

    [Fact]
    public void A_compressed_field_that_is_not_base64_strings_is_reported_as_a_store_error()
    {
        var document = """{"id":"-1","streamId":"s","i":1,"n":2,"created":"2026-01-01T00:00:00+00:00","updated":"2026-01-01T00:00:00+00:00","hwm":{},"ids":[],"states":{},"z":[42]}""";

        Assert.Throws<Errors.EventStoreException>(() => TipJson.Read(new MemoryStream(Encoding.UTF8.GetBytes(document)), "etag"));
    }

    private static EventBuffer AppendOneByOne(List<StoredEvent> events, bool compress)
    {
        var buffer = EventBuffer.Empty;
        foreach (var stored in events)
        {
            buffer = buffer.Append(EventRun.Encode([stored]), compress);
        }

        return buffer;
    }

    private static Tip TipOf(EventBuffer buffer)
    {
        var events = buffer.Events.ToList();
        return new Tip
        {
            StreamId = "s",
            First = events[0].Version,
            Next = events[^1].Version + 1,
            Created = DateTimeOffset.UnixEpoch,
            Updated = DateTimeOffset.UnixEpoch,
            HighWaterMarks = new Dictionary<string, long>(),
            OlderIds = [],
            States = new Dictionary<string, ProjectionState>(),
            Buffer = buffer,
        };
    }

    private static JsonElement Field(byte[] json, string name) => JsonDocument.Parse(json).RootElement.GetProperty(name).Clone();

    private static byte[] BrotliCompress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] compressed)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress))
        {
            brotli.CopyTo(output);
        }

        return output.ToArray();
    }
}
