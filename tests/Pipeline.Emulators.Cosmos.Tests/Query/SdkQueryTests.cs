using System.Net;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>
/// SQL queries through the .NET SDK in Gateway mode: query plans, cross-partition ORDER BY and aggregates, partition-scoped
/// queries, LINQ, and paging resumed from a continuation token in a new iterator. Thirty rows `n` = 0..29 live in three
/// partitions (`pk` = p{n % 3}).
/// </summary>
public sealed class SdkQueryTests(SdkQueryTests.SeededContainer seeded) : IClassFixture<SdkQueryTests.SeededContainer>
{
    private Container Container => seeded.Container;

    [Fact]
    public async Task Cross_partition_order_by_returns_every_partition_sorted_across_pages()
    {
        var values = await DrainAsync<int>("SELECT VALUE c.n FROM c ORDER BY c.n DESC", pageSize: 7);
        Assert.Equal(Enumerable.Range(0, 30).Reverse(), values);
    }

    [Fact]
    public async Task Partition_key_query_returns_only_that_partition()
    {
        var values = await DrainAsync<int>("SELECT VALUE c.n FROM c WHERE c.n >= 10", partitionKey: "p1");
        Assert.Equal([10, 13, 16, 19, 22, 25, 28], values);
    }

    [Theory]
    [InlineData("SELECT VALUE COUNT(1) FROM c", "[30]")]
    [InlineData("SELECT VALUE SUM(c.n) FROM c", "[435]")]
    [InlineData("SELECT VALUE AVG(c.n) FROM c", "[14.5]")]
    [InlineData("SELECT VALUE MAX(c.name) FROM c", "[\"name6\"]")]
    [InlineData("SELECT c.pk, COUNT(1) AS rows, MIN(c.n) AS first FROM c GROUP BY c.pk", "[{\"pk\":\"p0\",\"rows\":10,\"first\":0},{\"pk\":\"p1\",\"rows\":10,\"first\":1},{\"pk\":\"p2\",\"rows\":10,\"first\":2}]")]
    [InlineData("SELECT DISTINCT VALUE c.name FROM c ORDER BY c.name", "[\"name0\",\"name1\",\"name2\",\"name3\",\"name4\",\"name5\",\"name6\"]")]
    [InlineData("SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 5 LIMIT 3", "[5,6,7]")]
    [InlineData("SELECT TOP 4 VALUE c.id FROM c ORDER BY c.n DESC", "[\"i29\",\"i28\",\"i27\",\"i26\"]")]
    [InlineData("SELECT VALUE c.n FROM c WHERE c.name = 'name3' AND c.pk = 'p1'", "[10]")]
    public async Task Cross_partition_queries_answer_like_the_service(string query, string expected)
    {
        var values = await DrainAsync<JToken>(query, pageSize: 2);
        Assert.Equal(expected, new JArray(values).ToString(Formatting.None));
    }

    [Fact]
    public async Task Linq_queries_translate_and_run()
    {
        var queryable = Container.GetItemLinqQueryable<QueryRow>();
        using var iterator = queryable.Where(r => r.N % 2 == 0 && r.Pk == "p0").OrderByDescending(r => r.N).Select(r => r.Id).ToFeedIterator();
        var ids = new List<string>();
        while (iterator.HasMoreResults)
        {
            ids.AddRange(await iterator.ReadNextAsync());
        }

        Assert.Equal(["i24", "i18", "i12", "i6", "i0"], ids);
        Assert.Equal(9, (await queryable.Where(r => r.N > 20).CountAsync()).Resource);
        Assert.Equal(29, (await queryable.Select(r => r.N).MaxAsync()).Resource);

        using var page = queryable.OrderBy(r => r.N).Skip(3).Take(2).ToFeedIterator();
        Assert.Equal([3, 4], (await page.ReadNextAsync()).Select(r => r.N));

        using var tags = queryable.Where(r => r.N < 6).SelectMany(r => r.Tags).Distinct().ToFeedIterator();
        Assert.Equal(["t0", "t1"], (await tags.ReadNextAsync()).Order(StringComparer.Ordinal));

        using var shaped = queryable.Where(r => r.Name.Contains("Name3", StringComparison.OrdinalIgnoreCase) && r.N > 20)
            .Select(r => new { r.Id, Double = r.N * 2, Prefix = r.Name.Substring(0, 4) }).ToFeedIterator();
        var row = Assert.Single(await shaped.ReadNextAsync());
        Assert.Equal(("i24", 48, "name"), (row.Id, row.Double, row.Prefix));
    }

    [Theory]
    [InlineData("SELECT VALUE c.n FROM c WHERE c.n > 3", null)]
    [InlineData("SELECT VALUE c.n FROM c WHERE c.n > 3 ORDER BY c.n DESC", null)]
    [InlineData("SELECT VALUE c.n FROM c WHERE c.n > 3", "p2")]
    [InlineData("SELECT VALUE c.n FROM c ORDER BY c.n OFFSET 3 LIMIT 20", null)]
    [InlineData("SELECT VALUE [c.n, t] FROM c JOIN t IN c.tags WHERE c.n < 12", null)]
    [InlineData("SELECT VALUE c.n FROM c WHERE c.n > 1 OFFSET 3 LIMIT 12", null)]
    [InlineData("SELECT TOP 10 VALUE c.id FROM c", null)]
    public async Task Paging_resumes_from_a_continuation_in_a_new_iterator(string query, string? partitionKey)
    {
        var all = await DrainAsync<JToken>(query, partitionKey: partitionKey);
        Assert.NotEmpty(all);

        var options = new QueryRequestOptions { MaxItemCount = 4, PartitionKey = partitionKey is null ? null : new PartitionKey(partitionKey) };
        string? continuation;
        var resumed = new List<JToken>();
        using (var first = Container.GetItemQueryIterator<JToken>(query, requestOptions: options))
        {
            // With OFFSET the SDK skips on its side, so a page can come back shorter than asked (as against the service).
            do
            {
                var page = await first.ReadNextAsync();
                resumed.AddRange(page);
                continuation = page.ContinuationToken;
            }
            while (resumed.Count == 0 && continuation is not null);
        }

        Assert.InRange(resumed.Count, 1, 4);
        Assert.NotNull(continuation);
        using (var next = Container.GetItemQueryIterator<JToken>(query, continuation, options))
        {
            while (next.HasMoreResults)
            {
                var page = await next.ReadNextAsync();
                Assert.True(page.Count <= 4);
                resumed.AddRange(page);
            }
        }

        Assert.Equal(all.Select(t => t.ToString(Formatting.None)), resumed.Select(t => t.ToString(Formatting.None)));
    }

    [Fact]
    public async Task Query_syntax_errors_are_400_with_position_and_reason()
    {
        using var iterator = Container.GetItemQueryIterator<JToken>("SELECT * FROM c WHERE c.n >");
        var error = await Assert.ThrowsAsync<CosmosException>(() => iterator.ReadNextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Syntax error at position 27: unexpected 'end of query'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_continuation_from_another_query_shape_is_a_400()
    {
        // Scoped to one partition the SDK hands the token to the gateway as it is, so the emulator is the one to refuse it.
        var options = new QueryRequestOptions { MaxItemCount = 2, PartitionKey = new PartitionKey("p0") };
        string continuation;
        using (var streaming = Container.GetItemQueryIterator<JToken>("SELECT VALUE c.n FROM c", requestOptions: options))
        {
            continuation = (await streaming.ReadNextAsync()).ContinuationToken;
        }

        using var sorted = Container.GetItemQueryIterator<JToken>("SELECT VALUE c.n FROM c ORDER BY c.n", continuation, options);
        var error = await Assert.ThrowsAsync<CosmosException>(() => sorted.ReadNextAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("is malformed or belongs to a different query", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_charges_grow_with_the_documents_examined()
    {
        static async Task<double> ChargeAsync(FeedIterator<JToken> iterator) => (await iterator.ReadNextAsync()).RequestCharge;

        using var scoped = Container.GetItemQueryIterator<JToken>("SELECT VALUE COUNT(1) FROM c", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p0") });
        using var everything = Container.GetItemQueryIterator<JToken>("SELECT VALUE COUNT(1) FROM c");
        var one = await ChargeAsync(scoped);
        Assert.True(one >= 2.5);
        Assert.True(await ChargeAsync(everything) > one);
    }

    private async Task<List<T>> DrainAsync<T>(string query, int pageSize = 100, string? partitionKey = null)
    {
        var options = new QueryRequestOptions { MaxItemCount = pageSize, PartitionKey = partitionKey is null ? null : new PartitionKey(partitionKey) };
        using var iterator = Container.GetItemQueryIterator<T>(query, requestOptions: options);
        return await FeedIterators.ReadAllAsync(iterator);
    }

    /// <summary>One emulator and one container seeded with the thirty rows, shared by the class.</summary>
    public sealed class SeededContainer : IAsyncLifetime
    {
        private readonly EmulatorFixture emulator = new();

        public Container Container { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await emulator.InitializeAsync();
            Container = await emulator.NewContainerAsync();
            for (var n = 0; n < 30; n++)
            {
                var row = new JObject
                {
                    ["id"] = $"i{n}",
                    ["pk"] = $"p{n % 3}",
                    ["n"] = n,
                    ["name"] = $"name{n % 7}",
                    ["tags"] = new JArray(Enumerable.Range(0, n % 3).Select(t => $"t{t}")),
                };
                await Container.CreateItemAsync(row, new PartitionKey($"p{n % 3}"));
            }
        }

        public Task DisposeAsync() => emulator.DisposeAsync();
    }
}
