using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class ConcurrencyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Of_concurrent_conditional_replaces_with_one_etag_exactly_one_wins()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(new JObject { ["id"] = "tip", ["pk"] = "s", ["v"] = 0 }, new PartitionKey("s"));
        var attempts = Enumerable.Range(1, 20).Select(async v =>
        {
            using var response = await container.ReplaceItemStreamAsync(
                new MemoryStream(System.Text.Encoding.UTF8.GetBytes(new JObject { ["id"] = "tip", ["pk"] = "s", ["v"] = v }.ToString())),
                "tip", new PartitionKey("s"), new ItemRequestOptions { IfMatchEtag = created.ETag });
            return response.StatusCode;
        });
        var statuses = await Task.WhenAll(attempts);
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(19, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public async Task A_consumer_polling_during_concurrent_writes_sees_each_item_once_in_lsn_order()
    {
        var container = await fixture.NewContainerAsync();
        var writers = Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            for (var i = 0; i < 25; i++)
            {
                await container.CreateItemAsync(new JObject { ["id"] = $"w{w}-{i}", ["pk"] = $"p{w}" }, new PartitionKey($"p{w}"));
            }
        }));

        var seen = new List<(string Id, long Lsn)>();
        using var iterator = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.Count < 200 && DateTime.UtcNow < deadline)
        {
            var page = await iterator.ReadNextAsync();
            if (page.StatusCode == HttpStatusCode.NotModified)
            {
                await Task.Delay(20);
                continue;
            }

            seen.AddRange(page.Select(d => ((string)d["id"]!, (long)d["_lsn"]!)));
        }

        await writers;
        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(seen.Select(s => s.Lsn).Order(), seen.Select(s => s.Lsn));
    }
}
