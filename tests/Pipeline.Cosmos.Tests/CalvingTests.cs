using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class CalvingTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task A_full_tip_is_calved_into_a_batch_named_by_its_first_version_before_the_tip_is_replaced()
    {
        var test = await fixture.NewStoreAsync(o => o.MaxTipEvents = 5);
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(4));

        var result = await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(3, first: 5));

        Assert.Equal(2, result.DocumentWrites);
        using var batch = await test.Events.ReadItemStreamAsync("1", new PartitionKey("s"));
        Assert.Equal(System.Net.HttpStatusCode.OK, batch.StatusCode);
        var page = await test.Store.ReadEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 7).Select(k => $"e-{k}"), page.Events.Select(TestEvents.IdOf));
    }

    [Fact]
    public async Task A_crash_between_calve_and_tip_replace_leaves_a_store_that_reads_correctly_and_recovers()
    {
        var crash = true;
        var test = await fixture.NewStoreAsync(o =>
        {
            o.MaxTipEvents = 5;
            o.FaultInjection = new() { AfterBatchCreated = (_, _) => { if (crash) { throw new IOException("process died"); } } };
        });
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(4, partition: "0"));

        await Assert.ThrowsAsync<IOException>(() => test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(3, first: 5, partition: "0")));

        // The batch exists and overlaps the tip: readers still see each version once.
        using (var orphan = await test.Events.ReadItemStreamAsync("1", new PartitionKey("s")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, orphan.StatusCode);
        }

        var reader = test.Another();
        var before = await reader.ReadEventsAsync("s");
        Assert.Equal(4, before.StreamVersion);
        Assert.Equal(Enumerable.Range(1, 4).Select(k => $"e-{k}"), before.Events.Select(TestEvents.IdOf));

        // Event Hubs redelivers the lost batch; the retried calve finds the batch (409) and carries on.
        crash = false;
        var retried = await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(3, first: 5, partition: "0"));
        Assert.Equal(7, retried.Version);
        Assert.Equal(3, retried.AppendedCount);
        var after = await reader.ReadEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 7).Select(k => $"e-{k}"), after.Events.Select(TestEvents.IdOf));
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), after.Events.Select(e => e.Version));
    }

    [Fact]
    public async Task A_batch_shorter_than_the_buffer_makes_the_retried_calve_write_only_the_remainder()
    {
        var test = await fixture.NewStoreAsync(o => o.MaxTipEvents = 6);
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(5));
        // A writer with other bounds crashed after calving versions 1..3 only.
        var tipEvents = (await test.Store.ReadEventsAsync("s", 1, 3)).Events;
        var partial = new StringBuilder("{\"id\":\"1\",\"streamId\":\"s\",\"i\":1,\"n\":4,\"e\":[");
        partial.AppendJoin(',', tipEvents.Select(e => $"{{\"v\":{e.Version},\"id\":\"{e.EventId}\",\"d\":{Encoding.UTF8.GetString(e.Utf8.Span)}}}"));
        partial.Append("]}");
        using (await test.Events.CreateItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(partial.ToString())), new PartitionKey("s"))) { }

        var result = await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(2, first: 6));

        Assert.Equal(7, result.Version);
        using var remainder = await test.Events.ReadItemStreamAsync("4", new PartitionKey("s"));
        Assert.Equal(System.Net.HttpStatusCode.OK, remainder.StatusCode);
        var page = await test.Another().ReadEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 7).Select(k => $"e-{k}"), page.Events.Select(TestEvents.IdOf));
    }

    [Fact]
    public async Task A_tip_filled_one_event_at_a_time_calves_its_blocks_into_a_batch_that_reads_back_whole()
    {
        var crash = true;
        var test = await fixture.NewStoreAsync(o =>
        {
            o.MaxTipEvents = 10;
            o.FaultInjection = new() { AfterBatchCreated = (_, first) => { if (crash && first == 11) { throw new IOException("process died"); } } };
        });
        for (var k = 1; k <= 20; k++)
        {
            await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: k, partition: "0"));
        }

        // The tip's buffer (versions 11..20) is several blocks; calving it crashes before the tip is replaced.
        await Assert.ThrowsAsync<IOException>(() => test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 21, partition: "0")));
        crash = false;
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 21, partition: "0"));

        using (var batch = await test.Events.ReadItemStreamAsync("11", new PartitionKey("s")))
        using (var document = await JsonDocument.ParseAsync(batch.Content))
        {
            Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("z").ValueKind);
            Assert.Equal(21, document.RootElement.GetProperty("n").GetInt64());
        }

        var page = await test.Another().ReadEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 21).Select(k => $"e-{k}"), page.Events.Select(TestEvents.IdOf));
        Assert.Equal(Enumerable.Range(1, 21).Select(v => (long)v), page.Events.Select(e => e.Version));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_ten_thousand_event_stream_reads_back_in_order_with_the_original_bytes(bool compress)
    {
        var test = await fixture.NewStoreAsync(o => o.CompressEvents = compress);
        var events = TestEvents.Many(10_000, partition: "1", subject: "big");
        for (var offset = 0; offset < events.Count; offset += 250)
        {
            await test.Store.AppendAsync("big", ExpectedVersion.Exact(offset), events.GetRange(offset, 250));
        }

        var reader = test.Another();
        var read = new List<StoredEvent>();
        for (var from = 1L; ;)
        {
            var page = await reader.ReadEventsAsync("big", from, 1000);
            read.AddRange(page.Events);
            from = page.NextVersion;
            if (page.IsEndOfStream)
            {
                break;
            }
        }

        Assert.Equal(10_000, read.Count);
        Assert.Equal(Enumerable.Range(1, 10_000).Select(v => (long)v), read.Select(e => e.Version));
        Assert.Equal(events.Select(e => e.Event.Id), read.Select(e => e.EventId));
        Assert.True(events[1234].Event.Utf8.Span.SequenceEqual(read[1234].Utf8.Span) || !compress, "compressed events keep their exact bytes");
        Assert.Equal(new EventHubsPosition("1", 4321), read[4320].Position);
    }

    [Fact]
    public async Task A_page_starting_in_the_middle_of_a_batch_returns_exactly_the_requested_range()
    {
        var (store, _, _) = await fixture.NewStoreAsync(o => o.MaxTipEvents = 10);
        for (var k = 0; k < 5; k++)
        {
            await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(10, first: (k * 10) + 1));
        }

        var page = await store.ReadEventsAsync("s", 15, 20);

        Assert.Equal(Enumerable.Range(15, 20).Select(v => (long)v), page.Events.Select(e => e.Version));
        Assert.Equal(35, page.NextVersion);
        Assert.False(page.IsEndOfStream);
    }
}
