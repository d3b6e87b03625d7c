using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class ItemTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static JObject Item(string id, string pk, int n = 0) => new() { ["id"] = id, ["pk"] = pk, ["n"] = n };

    [Fact]
    public async Task Created_item_reads_back_with_system_properties()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await container.ReadItemAsync<JObject>("a", new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, (int)read.Resource["n"]!);
        foreach (var name in new[] { "_rid", "_self", "_etag", "_ts", "_lsn" })
        {
            Assert.NotNull(read.Resource[name]);
        }

        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal(read.ETag, (string)read.Resource["_etag"]!);
        Assert.StartsWith("\"", read.ETag, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(read.ActivityId));
        Assert.False(string.IsNullOrEmpty(read.Headers.Session));
    }

    [Fact]
    public async Task Reading_a_missing_item_is_404_with_substatus_0()
    {
        var container = await fixture.NewContainerAsync();
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("nope", new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, error.SubStatusCode);
    }

    [Fact]
    public async Task Same_id_in_another_partition_is_another_item()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        await container.CreateItemAsync(Item("a", "p2", 2), new PartitionKey("p2"));
        Assert.Equal(2, (int)(await container.ReadItemAsync<JObject>("a", new PartitionKey("p2"))).Resource["n"]!);
        await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("a", new PartitionKey("p3")));
    }

    [Fact]
    public async Task Creating_an_existing_id_is_409()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"));
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
    }

    [Fact]
    public async Task Upsert_creates_then_replaces()
    {
        var container = await fixture.NewContainerAsync();
        var first = await container.UpsertItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        var second = await container.UpsertItemAsync(Item("a", "p1", 2), new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(first.Resource["_rid"], second.Resource["_rid"]);
        Assert.Equal(2, (int)second.Resource["n"]!);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_is_412_and_with_the_current_etag_succeeds()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        var replaced = await container.ReplaceItemAsync(Item("a", "p1", 2), "a", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag });
        Assert.Equal(2, (int)replaced.Resource["n"]!);

        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            container.ReplaceItemAsync(Item("a", "p1", 3), "a", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
    }

    [Fact]
    public async Task Replacing_or_deleting_a_missing_item_is_404()
    {
        var container = await fixture.NewContainerAsync();
        var replace = await Assert.ThrowsAsync<CosmosException>(() => container.ReplaceItemAsync(Item("a", "p1"), "a", new PartitionKey("p1")));
        var delete = await Assert.ThrowsAsync<CosmosException>(() => container.DeleteItemAsync<JObject>("a", new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.NotFound, replace.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task Delete_removes_the_item_and_honours_if_match()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"));
        var stale = await Assert.ThrowsAsync<CosmosException>(() =>
            container.DeleteItemAsync<JObject>("a", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = "\"other\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var deleted = await container.DeleteItemAsync<JObject>("a", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = created.ETag });
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("a", new PartitionKey("p1")));
    }

    [Fact]
    public async Task Read_with_a_matching_if_none_match_is_304_and_a_changed_item_is_200()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(Item("a", "p1", 1), new PartitionKey("p1"));
        using var notModified = await container.ReadItemStreamAsync("a", new PartitionKey("p1"), new ItemRequestOptions { IfNoneMatchEtag = created.ETag });
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        await container.UpsertItemAsync(Item("a", "p1", 2), new PartitionKey("p1"));
        using var changed = await container.ReadItemStreamAsync("a", new PartitionKey("p1"), new ItemRequestOptions { IfNoneMatchEtag = created.ETag });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
    }

    [Fact]
    public async Task Items_over_2_MB_are_413()
    {
        var container = await fixture.NewContainerAsync();
        var big = Item("big", "p1");
        big["blob"] = new string('x', (2 * 1024 * 1024) + 10);
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.CreateItemAsync(big, new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, error.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_400_with_the_cosmos_message()
    {
        var container = await fixture.NewContainerAsync();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"id\": \"a\", \"pk\": \"p1\", "));
        using var response = await container.CreateItemStreamAsync(stream, new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The request payload is invalid", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    public async Task Ids_with_illegal_characters_are_400(string id)
    {
        var container = await fixture.NewContainerAsync();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new JObject { ["id"] = id, ["pk"] = "p1" }.ToString()));
        using var response = await container.CreateItemStreamAsync(stream, new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is invalid", response.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_whose_partition_key_differs_from_the_header_is_400()
    {
        var container = await fixture.NewContainerAsync();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Item("a", "p1").ToString()));
        using var response = await container.CreateItemStreamAsync(stream, new PartitionKey("other"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Ids_with_spaces_and_unicode_round_trip()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(Item("hello wörld +1", "p 1"), new PartitionKey("p 1"));
        var read = await container.ReadItemAsync<JObject>("hello wörld +1", new PartitionKey("p 1"));
        Assert.Equal("hello wörld +1", (string)read.Resource["id"]!);
    }

    [Fact]
    public async Task Numeric_and_boolean_partition_keys_work()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "n", ["pk"] = 42 }, new PartitionKey(42));
        await container.CreateItemAsync(new JObject { ["id"] = "b", ["pk"] = true }, new PartitionKey(true));
        Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("n", new PartitionKey(42))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("b", new PartitionKey(true))).StatusCode);
    }

    [Fact]
    public async Task Items_without_the_partition_key_property_live_under_none()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "x" }, PartitionKey.None);
        Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("x", PartitionKey.None)).StatusCode);
    }

    [Fact]
    public async Task Each_write_gets_a_higher_lsn()
    {
        var container = await fixture.NewContainerAsync();
        var a = await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"));
        var b = await container.CreateItemAsync(Item("b", "p2"), new PartitionKey("p2"));
        var a2 = await container.UpsertItemAsync(Item("a", "p1", 5), new PartitionKey("p1"));
        Assert.True((long)b.Resource["_lsn"]! > (long)a.Resource["_lsn"]!);
        Assert.True((long)a2.Resource["_lsn"]! > (long)b.Resource["_lsn"]!);
    }

    [Fact]
    public async Task Request_charges_follow_size_and_operation()
    {
        var container = await fixture.NewContainerAsync();
        var small = await container.CreateItemAsync(Item("small", "p1"), new PartitionKey("p1"));
        var large = Item("large", "p1");
        large["blob"] = new string('x', 10 * 1024);
        var largeWrite = await container.CreateItemAsync(large, new PartitionKey("p1"));
        var smallRead = await container.ReadItemAsync<JObject>("small", new PartitionKey("p1"));
        var largeRead = await container.ReadItemAsync<JObject>("large", new PartitionKey("p1"));

        Assert.Equal(1, smallRead.RequestCharge);
        Assert.True(largeRead.RequestCharge > smallRead.RequestCharge);
        Assert.True(small.RequestCharge >= 5);
        Assert.True(largeWrite.RequestCharge > small.RequestCharge);
    }

    [Fact]
    public async Task Writes_without_content_response_return_no_body()
    {
        var container = await fixture.NewContainerAsync();
        var response = await container.CreateItemAsync(Item("a", "p1"), new PartitionKey("p1"), new ItemRequestOptions { EnableContentResponseOnWrite = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(response.Resource);
        Assert.False(string.IsNullOrEmpty(response.ETag));
    }

    [Fact]
    public async Task Read_feed_pages_through_every_item_once()
    {
        var container = await fixture.NewContainerAsync();
        for (var i = 0; i < 25; i++)
        {
            await container.CreateItemAsync(Item($"i{i}", $"p{i % 3}"), new PartitionKey($"p{i % 3}"));
        }

        var ids = new List<string>();
        using var feed = container.GetItemQueryIterator<JObject>(queryText: null, requestOptions: new QueryRequestOptions { MaxItemCount = 10 });
        while (feed.HasMoreResults)
        {
            ids.AddRange((await feed.ReadNextAsync()).Select(d => (string)d["id"]!));
        }

        Assert.Equal(25, ids.Count);
        Assert.Equal(25, ids.Distinct().Count());

        var partition = new List<string>();
        using var scoped = container.GetItemQueryIterator<JObject>(queryText: null, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p1") });
        while (scoped.HasMoreResults)
        {
            partition.AddRange((await scoped.ReadNextAsync()).Select(d => (string)d["id"]!));
        }

        Assert.Equal(8, partition.Count);
    }

    [Fact]
    public async Task Unique_keys_are_enforced_per_logical_partition()
    {
        var container = await fixture.NewContainerAsync(p => p.UniqueKeyPolicy = new UniqueKeyPolicy { UniqueKeys = { new UniqueKey { Paths = { "/email" } } } });
        await container.CreateItemAsync(new JObject { ["id"] = "1", ["pk"] = "p1", ["email"] = "a@x" }, new PartitionKey("p1"));
        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            container.CreateItemAsync(new JObject { ["id"] = "2", ["pk"] = "p1", ["email"] = "a@x" }, new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);

        // Another logical partition may reuse the value; the owner may rewrite itself; a deleted owner frees it.
        await container.CreateItemAsync(new JObject { ["id"] = "2", ["pk"] = "p2", ["email"] = "a@x" }, new PartitionKey("p2"));
        await container.UpsertItemAsync(new JObject { ["id"] = "1", ["pk"] = "p1", ["email"] = "a@x", ["v"] = 2 }, new PartitionKey("p1"));
        await container.DeleteItemAsync<JObject>("1", new PartitionKey("p1"));
        await container.CreateItemAsync(new JObject { ["id"] = "3", ["pk"] = "p1", ["email"] = "a@x" }, new PartitionKey("p1"));
    }

    [Fact]
    public async Task Hierarchical_partition_keys_address_items()
    {
        var database = (await fixture.Client.CreateDatabaseIfNotExistsAsync("hier")).Database;
        var container = (await database.CreateContainerAsync(new ContainerProperties("h", ["/tenant", "/user"]))).Container;
        var key = new PartitionKeyBuilder().Add("t1").Add("u1").Build();
        await container.CreateItemAsync(new JObject { ["id"] = "a", ["tenant"] = "t1", ["user"] = "u1" }, key);
        Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("a", key)).StatusCode);
        var other = new PartitionKeyBuilder().Add("t1").Add("u2").Build();
        await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("a", other));
    }
}
