using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class IdempotencyTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Redelivered_events_at_or_below_the_high_water_mark_change_nothing()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        var first = await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(5, partition: "3"));

        var again = await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(5, partition: "3"));

        Assert.Equal(first.Version, again.Version);
        Assert.Equal(0, again.AppendedCount);
        Assert.Equal(0, again.DocumentWrites);
        Assert.All(again.Duplicates, d => Assert.Equal(DuplicateReason.BelowHighWaterMark, d.Reason));
        Assert.Equal(first.State.ETag, (await store.ReadStreamAsync("s")).State!.ETag);
    }

    [Fact]
    public async Task A_redelivery_with_other_batch_boundaries_applies_only_the_new_events()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(4, partition: "0"));

        // After a rebalance the partition is replayed from an older checkpoint: events 3..8 arrive together.
        var result = await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(6, first: 3, partition: "0"));

        Assert.Equal(8, result.Version);
        Assert.Equal(4, result.AppendedCount);
        Assert.Equal(["e-3", "e-4"], result.Duplicates.Select(d => d.EventId));
        var page = await store.ReadEventsAsync("s");
        Assert.Equal(Enumerable.Range(1, 8).Select(k => $"e-{k}"), page.Events.Select(TestEvents.IdOf));
    }

    [Fact]
    public async Task A_client_reposting_the_same_event_id_is_recognised_by_the_id_window()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        await store.AppendAsync("s", ExpectedVersion.Any, [TestEvents.Event("order-placed-1")]);

        var result = await store.AppendAsync("s", ExpectedVersion.Any, [TestEvents.Event("order-placed-1"), TestEvents.Event("order-paid-1")]);

        Assert.Equal(2, result.Version);
        var duplicate = Assert.Single(result.Duplicates);
        Assert.Equal(("order-placed-1", DuplicateReason.RecentEventId), (duplicate.EventId, duplicate.Reason));
    }

    [Fact]
    public async Task The_id_window_survives_calving_and_reaches_back_its_configured_size()
    {
        var (store, _, _) = await fixture.NewStoreAsync(o => { o.MaxTipEvents = 4; o.IdWindowSize = 10; });
        for (var k = 0; k < 5; k++)
        {
            await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(3, first: (k * 3) + 1));
        }

        var tooOld = await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 1));
        var recent = await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 8));

        Assert.Equal(1, tooOld.AppendedCount);
        Assert.Equal(0, recent.AppendedCount);
        Assert.Equal(16, recent.Version);
    }

    [Fact]
    public async Task The_same_id_twice_in_one_append_is_stored_once()
    {
        var (store, _, _) = await fixture.NewStoreAsync();

        var result = await store.AppendAsync("s", ExpectedVersion.NoStream, [TestEvents.Event("a"), TestEvents.Event("a")]);

        Assert.Equal(1, result.Version);
        Assert.Single(result.Duplicates);
    }
}
