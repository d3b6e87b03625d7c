using System.Collections.Concurrent;
using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class ChangeFeedTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static JObject Item(string id, string pk, int n = 0) => new() { ["id"] = id, ["pk"] = pk, ["n"] = n };

    private static async Task<(List<JObject> Items, string? Continuation)> DrainAsync(FeedIterator<JObject> iterator)
    {
        var items = new List<JObject>();
        string? continuation = null;
        while (iterator.HasMoreResults)
        {
            var page = await iterator.ReadNextAsync();
            continuation = page.ContinuationToken;
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                break;
            }

            items.AddRange(page);
        }

        return (items, continuation);
    }

    [Fact]
    public async Task From_beginning_returns_the_latest_version_of_each_item_in_lsn_order()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        await container.CreateItemAsync(Item("b", "p2", 1), new PartitionKey("p2"));
        await container.UpsertItemAsync(Item("a", "p1", 2), new PartitionKey("p1"));

        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        var (items, _) = await DrainAsync(iterator);

        Assert.Equal(new[] { "b", "a" }, items.Select(i => (string)i["id"]!));
        Assert.Equal(2, (int)items[1]["n"]!);
        var lsns = items.Select(i => (long)i["_lsn"]!).ToList();
        Assert.Equal(lsns.Order(), lsns);
    }

    [Fact]
    public async Task Continuation_delivers_each_later_change_exactly_once_and_304_when_idle()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"));
        using var first = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        var (initial, continuation) = await DrainAsync(first);
        Assert.Single(initial);

        using var idle = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion);
        var page = await idle.ReadNextAsync();
        Assert.Equal(HttpStatusCode.NotModified, page.StatusCode);

        for (var i = 0; i < 30; i++)
        {
            await container.UpsertItemAsync(Item($"x{i % 10}", "p1", i), new PartitionKey("p1"));
        }

        using var next = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.ContinuationToken(page.ContinuationToken), ChangeFeedMode.LatestVersion,
            new ChangeFeedRequestOptions { PageSizeHint = 4 });
        var (later, _) = await DrainAsync(next);
        Assert.Equal(10, later.Count);
        Assert.Equal(10, later.Select(i => (string)i["id"]!).Distinct().Count());
        Assert.All(later, i => Assert.True((int)i["n"]! >= 20));
    }

    [Fact]
    public async Task From_now_skips_existing_items()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("old", "p1"), new PartitionKey("p1"));
        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Now(), ChangeFeedMode.LatestVersion);
        var first = await iterator.ReadNextAsync();
        Assert.Equal(HttpStatusCode.NotModified, first.StatusCode);

        await container.CreateItemAsync(Item("new", "p1"), new PartitionKey("p1"));
        var second = await iterator.ReadNextAsync();
        Assert.Equal(new[] { "new" }, second.Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task From_a_time_starts_at_items_written_since()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("old", "p1"), new PartitionKey("p1"));
        // _ts has one-second resolution: wait until the clock has moved past the old item's second.
        var oldTs = (long)(await container.ReadItemAsync<JObject>("old", new PartitionKey("p1"))).Resource["_ts"]!;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() <= oldTs && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var since = DateTime.UtcNow;
        await container.CreateItemAsync(Item("new", "p1"), new PartitionKey("p1"));
        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Time(since), ChangeFeedMode.LatestVersion);
        var (items, _) = await DrainAsync(iterator);
        Assert.Equal(new[] { "new" }, items.Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task Partition_key_scoped_feed_returns_only_that_partition()
    {
        var container = await fixture.NewContainerAsync();
        for (var i = 0; i < 6; i++)
        {
            await container.CreateItemAsync(Item($"i{i}", i % 2 == 0 ? "even" : "odd"), new PartitionKey(i % 2 == 0 ? "even" : "odd"));
        }

        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(FeedRange.FromPartitionKey(new PartitionKey("odd"))), ChangeFeedMode.LatestVersion);
        var (items, _) = await DrainAsync(iterator);
        Assert.Equal(new[] { "i1", "i3", "i5" }, items.Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task Feed_ranges_are_one_range_and_its_feed_sees_everything()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"));
        var ranges = await container.GetFeedRangesAsync();
        Assert.Single(ranges);
        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(ranges[0]), ChangeFeedMode.LatestVersion);
        var (items, _) = await DrainAsync(iterator);
        Assert.Single(items);
    }

    [Fact]
    public async Task Change_feed_processor_delivers_every_change_once_with_a_lease_container()
    {
        var monitored = await fixture.NewContainerAsync();
        var database = fixture.Client.GetDatabase(monitored.Database.Id);
        var leases = (await database.CreateContainerAsync(new ContainerProperties("leases", "/id"))).Container;
        var seen = new ConcurrentDictionary<string, int>();
        var processor = monitored
            .GetChangeFeedProcessorBuilder<JObject>("projector", (changes, _) =>
            {
                foreach (var change in changes)
                {
                    seen.AddOrUpdate((string)change["id"]!, 1, (_, count) => count + 1);
                }

                return Task.CompletedTask;
            })
            .WithInstanceName("host-1")
            .WithLeaseContainer(leases)
            .WithStartTime(DateTime.MinValue.ToUniversalTime())
            .WithPollInterval(TimeSpan.FromMilliseconds(100))
            .Build();

        await processor.StartAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                await monitored.CreateItemAsync(Item($"i{i}", $"p{i % 4}"), new PartitionKey($"p{i % 4}"));
            }

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (seen.Count < 20 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            await processor.StopAsync();
        }

        Assert.Equal(20, seen.Count);
        Assert.All(seen.Values, count => Assert.Equal(1, count));

        // The lease document records the continuation, so a restarted processor resumes after what it processed.
        var leaseItems = new List<JObject>();
        using var feed = leases.GetItemQueryIterator<JObject>(queryText: null);
        while (feed.HasMoreResults)
        {
            leaseItems.AddRange(await feed.ReadNextAsync());
        }

        Assert.Contains(leaseItems, l => l["ContinuationToken"] is { Type: JTokenType.String });
    }
}
