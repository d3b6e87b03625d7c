using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class TtlTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static async Task<bool> GoneWithinAsync(Container container, string id, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await container.ReadItemStreamAsync(id, new PartitionKey("p1"));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    [Fact]
    public async Task Container_default_ttl_expires_items()
    {
        var container = await fixture.NewContainerAsync(p => p.DefaultTimeToLive = 1);
        await container.CreateItemAsync(new JObject { ["id"] = "a", ["pk"] = "p1" }, new PartitionKey("p1"));
        Assert.True(await GoneWithinAsync(container, "a", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Item_ttl_overrides_the_default_and_minus_one_never_expires()
    {
        var container = await fixture.NewContainerAsync(p => p.DefaultTimeToLive = -1);
        await container.CreateItemAsync(new JObject { ["id"] = "short", ["pk"] = "p1", ["ttl"] = 1 }, new PartitionKey("p1"));
        await container.CreateItemAsync(new JObject { ["id"] = "forever", ["pk"] = "p1" }, new PartitionKey("p1"));
        Assert.True(await GoneWithinAsync(container, "short", TimeSpan.FromSeconds(5)));
        Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("forever", new PartitionKey("p1"))).StatusCode);

        // Expired items are also gone from the change feed.
        using var feed = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        var page = await feed.ReadNextAsync();
        Assert.Equal(new[] { "forever" }, page.Select(i => (string)i["id"]!));
    }

    [Fact]
    public async Task Item_ttl_is_ignored_when_the_container_has_ttl_off()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "a", ["pk"] = "p1", ["ttl"] = 1 }, new PartitionKey("p1"));
        Assert.False(await GoneWithinAsync(container, "a", TimeSpan.FromSeconds(2.5)));
    }

    [Fact]
    public async Task Expired_items_are_purged_in_the_background()
    {
        var container = await fixture.NewContainerAsync(p => p.DefaultTimeToLive = 1);
        await container.CreateItemAsync(new JObject { ["id"] = "a", ["pk"] = "p1" }, new PartitionKey("p1"));

        async Task<string> UsageAsync() =>
            (await container.ReadContainerAsync(new ContainerRequestOptions { PopulateQuotaInfo = true })).Headers["x-ms-resource-usage"];

        Assert.Contains("documentsCount=1;", await UsageAsync(), StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(6);
        while (!(await UsageAsync()).Contains("documentsCount=0;", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Contains("documentsCount=0;", await UsageAsync(), StringComparison.Ordinal);
    }
}
