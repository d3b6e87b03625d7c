using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Linq;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests.Query.Conformance;

/// <summary>
/// The .NET SDK (Gateway mode, so every cross-partition query goes through the emulator's query plan) runs the conformance
/// table in pages of three, and LINQ queries over the same documents.
/// </summary>
public sealed class DotNetConformanceTests(DotNetConformanceTests.SeededContainer seeded) : IClassFixture<DotNetConformanceTests.SeededContainer>
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            for (var i = 0; i < ConformanceTable.Count; i++)
            {
                data.Add(i, ConformanceTable.Case(i)["query"]!.Value<string>()!);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Query_returns_the_expected_result(int index, string query)
    {
        var entry = ConformanceTable.Case(index);
        var definition = new QueryDefinition(query);
        foreach (var parameter in entry["parameters"]?.Children<JObject>() ?? [])
        {
            definition = definition.WithParameter(parameter["name"]!.Value<string>(), parameter["value"]);
        }

        var options = new QueryRequestOptions { MaxItemCount = 3 };
        if (entry["partitionKey"] is JValue partitionKey)
        {
            options.PartitionKey = new PartitionKey(partitionKey.Value<string>());
        }

        using var iterator = seeded.Container.GetItemQueryIterator<JToken>(definition, requestOptions: options);
        var results = new List<JToken>();
        while (iterator.HasMoreResults)
        {
            results.AddRange(await iterator.ReadNextAsync());
        }

        var ordered = entry["ordered"]!.Value<bool>();
        Assert.Equal(ConformanceTable.Canonical(entry["expected"]!.Children(), ordered), ConformanceTable.Canonical(results, ordered));
    }

    [Fact]
    public async Task Linq_where_order_by_select_take_and_skip_run_through_the_plan()
    {
        var rows = seeded.Container.GetItemLinqQueryable<QueryRow>(requestOptions: new QueryRequestOptions { MaxItemCount = 3 });
        Assert.Equal(["d14", "d12", "d10"], await DrainAsync(rows.Where(r => r.N > 9 && r.N % 2 == 0).OrderByDescending(r => r.N).Select(r => r.Id).Take(3)));
        Assert.Equal([4, 5], await DrainAsync(rows.OrderBy(r => r.N).Skip(4).Take(2).Select(r => r.N)));
        Assert.Equal(["ant", "ant", "ant", "ant", "bee"], await DrainAsync(rows.OrderBy(r => r.Name).ThenBy(r => r.N).Select(r => r.Name).Take(5)));
        Assert.Equal(["d05", "d10"], await DrainAsync(rows.Where(r => r.Name == "ant" && r.Tags.Contains("t1") || r.Id == "d10").OrderBy(r => r.Id).Select(r => r.Id)));
    }

    [Fact]
    public async Task Linq_aggregates_and_group_by_run_through_the_plan()
    {
        var rows = seeded.Container.GetItemLinqQueryable<QueryRow>();
        Assert.Equal(16, (await rows.CountAsync()).Resource);
        Assert.Equal(120, (await rows.Select(r => r.N).SumAsync()).Resource);
        Assert.Equal(15, (await rows.Where(r => r.Pk == "p3").Select(r => r.N).MaxAsync()).Resource);
        Assert.Equal(7.5, (await rows.Select(r => (double)r.N).AverageAsync()).Resource);
        Assert.Equal("ant", (await rows.Select(r => r.Name).MinAsync()).Resource);

        // The LINQ provider translates GroupBy with a result selector: GROUP BY with an aggregate per group.
        Assert.Equal([4, 4, 4, 4], await DrainAsync(rows.GroupBy(r => r.Pk, (key, group) => group.Count())));
        Assert.Equal([12, 13, 14, 15], (await DrainAsync(rows.GroupBy(r => r.Pk, (key, group) => group.Max(r => r.N)))).Order());
        Assert.Equal(["ant", "bee", "cat", "dog", "eel"], (await DrainAsync(rows.Select(r => r.Name).Distinct())).Order(StringComparer.Ordinal));
    }

    private static async Task<List<T>> DrainAsync<T>(IQueryable<T> query)
    {
        using var iterator = query.ToFeedIterator();
        return await FeedIterators.ReadAllAsync(iterator);
    }

    /// <summary>One emulator with the conformance documents in a container partitioned on /pk (hash version 2).</summary>
    public sealed class SeededContainer : IAsyncLifetime
    {
        private readonly EmulatorFixture emulator = new();

        public Container Container { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await emulator.InitializeAsync();
            Container = await emulator.NewContainerAsync(p => p.PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2);
            foreach (var document in ConformanceTable.Documents)
            {
                await Container.CreateItemAsync(document, new PartitionKey(document["pk"]!.Value<string>()));
            }
        }

        public Task DisposeAsync() => emulator.DisposeAsync();
    }
}
