using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class ReadTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task An_unknown_stream_reads_as_not_found()
    {
        var (store, _, _) = await fixture.NewStoreAsync();

        var state = await store.ReadStreamAsync("nobody");
        var page = await store.ReadEventsAsync("nobody");

        Assert.False(state.Found);
        Assert.Null(state.State);
        Assert.False(page.StreamFound);
        Assert.Empty(page.Events);
    }

    [Fact]
    public async Task State_is_one_point_read_and_a_repeat_is_revalidated_with_a_304()
    {
        var test = await fixture.NewStoreAsync();
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(2));
        var reader = test.Another();

        var first = await reader.ReadStreamAsync("s");
        var second = await reader.ReadStreamAsync("s");

        Assert.False(first.NotModified);
        Assert.Equal(1, first.RequestCharge);
        Assert.True(second.NotModified);
        Assert.Equal(1, second.RequestCharge);
        Assert.Equal(first.State!.ETag, second.State!.ETag);
        Assert.Equal(2, second.State.Version);

        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 3));
        var third = await reader.ReadStreamAsync("s");
        Assert.False(third.NotModified);
        Assert.Equal(3, third.State!.Version);
        Assert.NotEqual(first.State.ETag, third.State.ETag);
    }

    [Fact]
    public async Task Metadata_reports_version_creation_and_last_update()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1));
        await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 2));

        var state = (await store.ReadStreamAsync("s")).State!;

        Assert.Equal(2, state.Version);
        Assert.InRange(state.Created, before, state.Updated);
        Assert.True(state.Updated > state.Created);
        Assert.Equal("s", state.StreamId);
    }
}
