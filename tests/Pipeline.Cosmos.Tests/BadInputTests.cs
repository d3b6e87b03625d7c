using System.Text;
using Pipeline.Core.Events;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class BadInputTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    private static readonly Dictionary<string, string> IllegalStreamIds = new()
    {
        ["empty"] = string.Empty,
        ["256 characters"] = new string('x', 256),
        ["slash"] = "orders/1",
        ["backslash"] = "orders\\1",
        ["question mark"] = "orders?1",
        ["hash"] = "orders#1",
        ["tab"] = "tab\there",
        ["trailing space"] = "orders-1 ",
        ["nul"] = "nul\0",
        ["lone surrogate"] = "broken\uD800surrogate",
    };

    [Theory]
    [InlineData("empty")]
    [InlineData("256 characters")]
    [InlineData("slash")]
    [InlineData("backslash")]
    [InlineData("question mark")]
    [InlineData("hash")]
    [InlineData("tab")]
    [InlineData("trailing space")]
    [InlineData("nul")]
    [InlineData("lone surrogate")]
    public async Task Stream_ids_Cosmos_cannot_hold_are_rejected_before_any_request(string kind)
    {
        var streamId = IllegalStreamIds[kind];
        var (store, _, _) = await fixture.NewStoreAsync();

        var append = await Assert.ThrowsAsync<InvalidStreamIdException>(() => store.AppendAsync(streamId, ExpectedVersion.Any, TestEvents.Many(1)));
        await Assert.ThrowsAsync<InvalidStreamIdException>(() => store.ReadStreamAsync(streamId));
        await Assert.ThrowsAsync<InvalidStreamIdException>(() => store.ReadEventsAsync(streamId));

        Assert.Equal(streamId, append.StreamId);
        Assert.False(string.IsNullOrEmpty(append.Reason));
    }

    [Fact]
    public async Task Stream_ids_with_unicode_spaces_and_punctuation_are_fine()
    {
        var (store, _, _) = await fixture.NewStoreAsync();

        await store.AppendAsync("order 2026:ü-€-😀", ExpectedVersion.Any, TestEvents.Many(1));

        Assert.Equal(1, (await store.ReadStreamAsync("order 2026:ü-€-😀")).State!.Version);
    }

    [Fact]
    public async Task An_oversize_event_is_rejected_with_its_id_and_size()
    {
        var (store, _, _) = await fixture.NewStoreAsync(o => o.MaxEventBytes = 64 * 1024);
        var big = CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(
            $"{{\"specversion\":\"1.0\",\"id\":\"big-1\",\"source\":\"/t\",\"type\":\"t\",\"subject\":\"s\",\"data\":\"{new string('x', 70_000)}\"}}"));

        var error = await Assert.ThrowsAsync<EventTooLargeException>(() => store.AppendAsync("s", ExpectedVersion.Any, [big]));

        Assert.Equal("big-1", error.EventId);
        Assert.Equal(64 * 1024, error.Limit);
        Assert.False((await store.ReadStreamAsync("s")).Found);
    }

    [Fact]
    public async Task A_large_append_is_committed_in_several_tip_writes_in_order()
    {
        var (store, _, _) = await fixture.NewStoreAsync(o => o.MaxTipEvents = 50);

        var result = await store.AppendAsync("s", ExpectedVersion.NoStream, TestEvents.Many(120));

        Assert.Equal(120, result.Version);
        Assert.Equal(120, result.AppendedCount);
        Assert.Equal(Enumerable.Range(1, 120).Select(k => $"e-{k}"), (await store.ReadEventsAsync("s")).Events.Select(TestEvents.IdOf));
    }

    [Fact]
    public async Task An_empty_append_and_bad_ranges_are_argument_errors()
    {
        var (store, _, _) = await fixture.NewStoreAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAsync("s", ExpectedVersion.Any, Array.Empty<EventToAppend>()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadEventsAsync("s", 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ReadEventsAsync("s", 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpectedVersion.Exact(-1));
    }

    [Fact]
    public void Options_without_an_endpoint_are_refused_with_the_missing_setting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Configuration.CosmosClientFactory.Create(new Configuration.CosmosStoreOptions()));

        Assert.Contains("AccountEndpoint", error.Message, StringComparison.Ordinal);
    }
}
