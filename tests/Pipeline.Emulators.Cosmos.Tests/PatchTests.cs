using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class PatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private async Task<Container> WithItemAsync()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(
            new JObject { ["id"] = "a", ["pk"] = "p1", ["n"] = 1, ["name"] = "old", ["tags"] = new JArray("x", "y"), ["nested"] = new JObject { ["v"] = 1 } },
            new PartitionKey("p1"));
        return container;
    }

    [Fact]
    public async Task Every_operation_applies_in_order()
    {
        var container = await WithItemAsync();
        var response = await container.PatchItemAsync<JObject>("a", new PartitionKey("p1"),
        [
            PatchOperation.Add("/added", "new"),
            PatchOperation.Add("/tags/1", "inserted"),
            PatchOperation.Set("/name", "set"),
            PatchOperation.Replace("/nested/v", 2),
            PatchOperation.Remove("/tags/0"),
            PatchOperation.Increment("/n", 5),
            PatchOperation.Increment("/counter", 1.5),
            PatchOperation.Move("/added", "/moved"),
        ]);

        var item = response.Resource;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("set", (string)item["name"]!);
        Assert.Equal(2, (int)item["nested"]!["v"]!);
        Assert.Equal(new[] { "inserted", "y" }, item["tags"]!.Select(t => (string)t!));
        Assert.Equal(6, (int)item["n"]!);
        Assert.Equal(1.5, (double)item["counter"]!);
        Assert.Null(item["added"]);
        Assert.Equal("new", (string)item["moved"]!);
    }

    [Fact]
    public async Task Replacing_or_removing_a_missing_path_is_400_and_changes_nothing()
    {
        var container = await WithItemAsync();
        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            container.PatchItemAsync<JObject>("a", new PartitionKey("p1"), [PatchOperation.Set("/name", "x"), PatchOperation.Replace("/missing", 1)]));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("a", new PartitionKey("p1"), [PatchOperation.Remove("/missing")]));
        Assert.Equal("old", (string)(await container.ReadItemAsync<JObject>("a", new PartitionKey("p1"))).Resource["name"]!);
    }

    [Fact]
    public async Task Conditional_patch_applies_only_when_the_filter_matches()
    {
        var container = await WithItemAsync();
        var options = new PatchItemRequestOptions { FilterPredicate = "FROM c WHERE c.n = 1 AND c.name = 'old'" };
        var applied = await container.PatchItemAsync<JObject>("a", new PartitionKey("p1"), [PatchOperation.Increment("/n", 1)], options);
        Assert.Equal(2, (int)applied.Resource["n"]!);

        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            container.PatchItemAsync<JObject>("a", new PartitionKey("p1"), [PatchOperation.Increment("/n", 1)], options));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
    }

    [Fact]
    public async Task Patch_honours_if_match_and_missing_items_are_404()
    {
        var container = await WithItemAsync();
        var stale = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("a", new PartitionKey("p1"),
            [PatchOperation.Set("/name", "x")], new PatchItemRequestOptions { IfMatchEtag = "\"stale\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var missing = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("zzz", new PartitionKey("p1"), [PatchOperation.Set("/name", "x")]));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Patching_the_id_is_400()
    {
        var container = await WithItemAsync();
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.PatchItemAsync<JObject>("a", new PartitionKey("p1"), [PatchOperation.Set("/id", "b")]));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }
}
