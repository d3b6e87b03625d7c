using System.Globalization;
using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class SessionTokenTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static long Lsn(string sessionToken) => long.Parse(sessionToken[(sessionToken.LastIndexOf('#') + 1)..], CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_read_answers_the_partitions_progress_in_lsn_and_session_token_and_the_items_own_lsn_apart()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "old", ["pk"] = "a" }, new PartitionKey("a"));
        var later = await container.CreateItemAsync(new JObject { ["id"] = "new", ["pk"] = "b" }, new PartitionKey("b"));

        var read = await container.ReadItemStreamAsync("old", new PartitionKey("a"));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(Lsn(read.Headers.Session) >= Lsn(later.Headers.Session), $"read session {read.Headers.Session} is older than the write before it ({later.Headers.Session})");
        Assert.Equal(read.Headers["lsn"], Lsn(read.Headers.Session).ToString(CultureInfo.InvariantCulture));
        Assert.True(long.Parse(read.Headers["x-ms-item-lsn"], CultureInfo.InvariantCulture) < Lsn(later.Headers.Session));
    }

    [Fact]
    public async Task A_not_modified_read_also_answers_the_partitions_progress()
    {
        var container = await fixture.NewContainerAsync();
        var first = await container.CreateItemAsync(new JObject { ["id"] = "x", ["pk"] = "a" }, new PartitionKey("a"));
        var later = await container.CreateItemAsync(new JObject { ["id"] = "y", ["pk"] = "a" }, new PartitionKey("a"));

        var read = await container.ReadItemStreamAsync("x", new PartitionKey("a"), new ItemRequestOptions { IfNoneMatchEtag = first.ETag });

        Assert.Equal(HttpStatusCode.NotModified, read.StatusCode);
        Assert.True(Lsn(read.Headers.Session) >= Lsn(later.Headers.Session));
    }
}
