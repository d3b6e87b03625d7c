using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class BatchAndQueryTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task The_lease_listing_query_shape_is_answered_from_one_partition_or_all()
    {
        var container = await fixture.NewContainerAsync();
        foreach (var id in new[] { "lease.0", "lease.1", "other" })
        {
            await container.CreateItemAsync(new JObject { ["id"] = id, ["pk"] = id == "lease.1" ? "p2" : "p1" }, new PartitionKey(id == "lease.1" ? "p2" : "p1"));
        }

        var query = new QueryDefinition("SELECT * FROM c WHERE STARTSWITH(c.id, @PartitionLeasePrefix)").WithParameter("@PartitionLeasePrefix", "lease.");
        var all = new List<string>();
        using (var iterator = container.GetItemQueryIterator<JObject>(query))
        {
            while (iterator.HasMoreResults)
            {
                all.AddRange((await iterator.ReadNextAsync()).Select(d => (string)d["id"]!));
            }
        }

        Assert.Equal(new[] { "lease.0", "lease.1" }, all.Order());

        var scoped = new List<string>();
        using (var iterator = container.GetItemQueryIterator<JObject>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p2") }))
        {
            while (iterator.HasMoreResults)
            {
                scoped.AddRange((await iterator.ReadNextAsync()).Select(d => (string)d["id"]!));
            }
        }

        Assert.Equal(new[] { "lease.1" }, scoped);
    }

    [Fact]
    public async Task Partition_scoped_queries_only_examine_their_partition()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "lease.x", ["pk"] = "mine" }, new PartitionKey("mine"));
        var query = new QueryDefinition("SELECT * FROM c WHERE STARTSWITH(c.id, @p)").WithParameter("@p", "lease.");
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey("mine") };

        async Task<double> ChargeAsync()
        {
            using var iterator = container.GetItemQueryIterator<JObject>(query, requestOptions: options);
            var page = await iterator.ReadNextAsync();
            Assert.Single(page);
            return page.RequestCharge;
        }

        var alone = await ChargeAsync();
        await Task.WhenAll(Enumerable.Range(0, 300).Select(i =>
            container.CreateItemAsync(new JObject { ["id"] = $"o{i}", ["pk"] = $"other{i % 5}" }, new PartitionKey($"other{i % 5}"))));
        Assert.Equal(alone, await ChargeAsync());

        using var crossPartition = container.GetItemQueryIterator<JObject>(query);
        var all = await crossPartition.ReadNextAsync();
        Assert.True(all.RequestCharge > alone);
    }

    [Fact]
    public async Task Databases_and_containers_can_be_looked_up_by_id()
    {
        var container = await fixture.NewContainerAsync();
        using var databases = fixture.Client.GetDatabaseQueryIterator<DatabaseProperties>(
            new QueryDefinition("SELECT * FROM root r WHERE r.id = @id").WithParameter("@id", container.Database.Id));
        Assert.Equal(container.Database.Id, (await databases.ReadNextAsync()).Single().Id);

        using var containers = container.Database.GetContainerQueryIterator<ContainerProperties>($"SELECT * FROM c WHERE c.id = '{container.Id}'");
        Assert.Equal(container.Id, (await containers.ReadNextAsync()).Single().Id);
    }
}
