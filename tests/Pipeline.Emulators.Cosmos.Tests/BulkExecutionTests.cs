using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

/// <summary>The .NET SDK's bulk execution (`AllowBulkExecution`), whose point operations travel as HybridRow batches.</summary>
public sealed class BulkExecutionTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly CosmosClient bulkClient = Clients.For(fixture.Emulator, o => o.AllowBulkExecution = true);

    public void Dispose() => bulkClient.Dispose();

    [Fact]
    public async Task Concurrent_creates_across_partitions_are_all_written()
    {
        var (plain, bulk) = await ContainersAsync();
        var created = await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            bulk.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = $"p{i % 17}", ["n"] = i }, new PartitionKey($"p{i % 17}"))));

        Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.All(created, r => Assert.False(string.IsNullOrEmpty(r.ETag)));
        Assert.All(created, r => Assert.True(r.RequestCharge > 0));
        Assert.Equal(150, (int)created[150].Resource["n"]!);
        var read = await plain.ReadItemAsync<JObject>("i42", new PartitionKey("p" + (42 % 17)));
        Assert.Equal(42, (int)read.Resource["n"]!);
        Assert.Equal(created[42].ETag, read.ETag);
    }

    [Fact]
    public async Task Replaces_with_if_match_fail_alone_when_the_etag_is_stale()
    {
        var (plain, bulk) = await ContainersAsync();
        var etags = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            etags[$"i{i}"] = (await plain.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = $"p{i % 3}", ["v"] = 0 }, new PartitionKey($"p{i % 3}"))).ETag;
        }

        const string stale = "i7";
        await plain.ReplaceItemAsync(new JObject { ["id"] = stale, ["pk"] = "p1", ["v"] = -1 }, stale, new PartitionKey("p1"));

        var replaces = Enumerable.Range(0, 20).Select(async i =>
        {
            var id = $"i{i}";
            try
            {
                var response = await bulk.ReplaceItemAsync(
                    new JObject { ["id"] = id, ["pk"] = $"p{i % 3}", ["v"] = 1 }, id, new PartitionKey($"p{i % 3}"), new ItemRequestOptions { IfMatchEtag = etags[id] });
                return (id, response.StatusCode);
            }
            catch (CosmosException error)
            {
                return (id, error.StatusCode);
            }
        });
        var outcomes = (await Task.WhenAll(replaces)).ToDictionary(o => o.id, o => o.StatusCode);

        Assert.Equal(HttpStatusCode.PreconditionFailed, outcomes[stale]);
        Assert.All(outcomes.Where(o => o.Key != stale), o => Assert.Equal(HttpStatusCode.OK, o.Value));
        Assert.Equal(-1, (int)(await plain.ReadItemAsync<JObject>(stale, new PartitionKey("p1"))).Resource["v"]!);
        Assert.Equal(1, (int)(await plain.ReadItemAsync<JObject>("i8", new PartitionKey("p2"))).Resource["v"]!);
    }

    [Fact]
    public async Task Reads_return_the_item_or_404_and_creates_of_existing_items_are_409()
    {
        var (plain, bulk) = await ContainersAsync();
        await plain.CreateItemAsync(new JObject { ["id"] = "here", ["pk"] = "p", ["v"] = 5 }, new PartitionKey("p"));

        var found = bulk.ReadItemAsync<JObject>("here", new PartitionKey("p"));
        var absent = Assert.ThrowsAsync<CosmosException>(() => bulk.ReadItemAsync<JObject>("absent", new PartitionKey("p")));
        await Task.WhenAll(found, absent);

        Assert.Equal(5, (int)(await found).Resource["v"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await absent).StatusCode);
        var conflict = await Assert.ThrowsAsync<CosmosException>(() => bulk.CreateItemAsync(new JObject { ["id"] = "here", ["pk"] = "p" }, new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task Reads_with_the_current_etag_as_if_none_match_are_304()
    {
        var (plain, bulk) = await ContainersAsync();
        var etag = (await plain.CreateItemAsync(new JObject { ["id"] = "same", ["pk"] = "p" }, new PartitionKey("p"))).ETag;

        using var unchanged = await bulk.ReadItemStreamAsync("same", new PartitionKey("p"), new ItemRequestOptions { IfNoneMatchEtag = etag });
        using var changed = await bulk.ReadItemStreamAsync("same", new PartitionKey("p"), new ItemRequestOptions { IfNoneMatchEtag = "\"older\"" });

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotNull(changed.Content);
    }

    [Fact]
    public async Task Upserts_create_then_replace_and_deletes_remove()
    {
        var (plain, bulk) = await ContainersAsync();
        var first = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => bulk.UpsertItemAsync(new JObject { ["id"] = $"u{i}", ["pk"] = "p", ["v"] = 1 }, new PartitionKey("p"))));
        Assert.All(first, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var second = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => bulk.UpsertItemAsync(new JObject { ["id"] = $"u{i}", ["pk"] = "p", ["v"] = 2 }, new PartitionKey("p"))));
        Assert.All(second, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        var deleted = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => bulk.DeleteItemAsync<JObject>($"u{i}", new PartitionKey("p"))));
        Assert.All(deleted, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        var gone = await Assert.ThrowsAsync<CosmosException>(() => plain.ReadItemAsync<JObject>("u0", new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(2, (int)(await plain.ReadItemAsync<JObject>("u9", new PartitionKey("p"))).Resource["v"]!);
        var again = await Assert.ThrowsAsync<CosmosException>(() => bulk.DeleteItemAsync<JObject>("u0", new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Writes_without_content_response_return_no_body_but_an_etag()
    {
        var (plain, bulk) = await ContainersAsync();
        var response = await bulk.CreateItemAsync(
            new JObject { ["id"] = "quiet", ["pk"] = "p" }, new PartitionKey("p"), new ItemRequestOptions { EnableContentResponseOnWrite = false });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Null(response.Resource);
        Assert.Equal((await plain.ReadItemAsync<JObject>("quiet", new PartitionKey("p"))).ETag, response.ETag);
    }

    [Fact]
    public async Task Patch_operations_apply_in_bulk()
    {
        var (plain, bulk) = await ContainersAsync();
        await plain.CreateItemAsync(new JObject { ["id"] = "counter", ["pk"] = "p", ["n"] = 1 }, new PartitionKey("p"));

        var patched = await bulk.PatchItemAsync<JObject>("counter", new PartitionKey("p"), [PatchOperation.Increment("/n", 4), PatchOperation.Set("/tag", "x")]);

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(5, (int)patched.Resource["n"]!);
        Assert.Equal("x", (string)(await plain.ReadItemAsync<JObject>("counter", new PartitionKey("p"))).Resource["tag"]!);
    }

    [Fact]
    public async Task Under_enforced_throughput_a_bulk_batch_throttles_the_operations_past_the_budget_one_by_one()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false, EnforceThroughput = true });
        await emulator.StartAsync();
        using var plain = Clients.For(emulator);
        using var bulk = Clients.For(emulator, o =>
        {
            o.AllowBulkExecution = true;
            o.MaxRetryAttemptsOnRateLimitedRequests = 0;
        });
        var database = (await plain.CreateDatabaseAsync("capacity")).Database;
        await database.CreateContainerAsync(new ContainerProperties("c", "/pk"), 400);
        var container = bulk.GetContainer("capacity", "c");
        // ~4 KB items cost ~20 RU each: one batch of 60 holds more than a 400 RU/s window.
        var blob = new string('x', 4000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            try
            {
                return ((await container.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = $"p{i}", ["blob"] = blob }, new PartitionKey($"p{i}"))).StatusCode, TimeSpan.Zero);
            }
            catch (CosmosException error)
            {
                return (error.StatusCode, error.RetryAfter ?? TimeSpan.Zero);
            }
        }));

        Assert.Contains(outcomes, o => o.Item1 == HttpStatusCode.Created);
        Assert.Contains(outcomes, o => o.Item1 == HttpStatusCode.TooManyRequests && o.Item2 > TimeSpan.Zero);
        Assert.All(outcomes, o => Assert.True(o.Item1 is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, o.Item1.ToString()));
        // Each one-second window lets ~20 of them through, and all were tried within two windows; admitting whole
        // batches instead would have let a first batch of ~50 through at once.
        var created = outcomes.Count(o => o.Item1 == HttpStatusCode.Created);
        Assert.True(created <= 45, $"{created} of 60 were created without throttling");
    }

    private async Task<(Container Plain, Container Bulk)> ContainersAsync()
    {
        var plain = await fixture.NewContainerAsync();
        return (plain, bulkClient.GetContainer(plain.Database.Id, plain.Id));
    }
}
