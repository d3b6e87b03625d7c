using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class ItemTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Created_item_reads_back_with_system_properties()
    {
        var container = await fixture.NewContainerAsync();
        var created = await container.CreateItemAsync(new JObject { ["id"] = "a", ["pk"] = "p1", ["n"] = 1 }, new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await container.ReadItemAsync<JObject>("a", new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(1, (int)read.Resource["n"]!);
        foreach (var name in new[] { "_rid", "_self", "_etag", "_ts", "_lsn" })
        {
            Assert.NotNull(read.Resource[name]);
        }

        Assert.Equal(created.ETag, read.ETag);
        Assert.StartsWith("\"", read.ETag, StringComparison.Ordinal);
        Assert.True(read.RequestCharge >= 1);
    }

    [Fact]
    public async Task Reading_a_missing_item_is_404_with_substatus_0()
    {
        var container = await fixture.NewContainerAsync();
        var error = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("nope", new PartitionKey("p1")));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, error.SubStatusCode);
    }
}
