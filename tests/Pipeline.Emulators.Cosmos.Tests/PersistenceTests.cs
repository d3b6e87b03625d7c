using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cosmos-emulator-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<T> WithEmulatorAsync<T>(Func<CosmosClient, Task<T>> use, long snapshotThreshold = 64L * 1024 * 1024)
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions
        {
            Port = FreePort.Next(),
            UseHttps = false,
            DataDirectory = directory,
            SnapshotThresholdBytes = snapshotThreshold,
        });
        await emulator.StartAsync();
        using var client = Clients.For(emulator);
        return await use(client);
    }

    private static async Task<Container> SeedAsync(CosmosClient client, int count)
    {
        var database = (await client.CreateDatabaseIfNotExistsAsync("persist")).Database;
        var container = (await database.CreateContainerIfNotExistsAsync(new ContainerProperties("items", "/pk") { DefaultTimeToLive = -1 }, 400)).Container;
        for (var i = 0; i < count; i++)
        {
            await container.UpsertItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = $"p{i % 3}", ["n"] = i }, new PartitionKey($"p{i % 3}"));
        }

        return container;
    }

    [Fact]
    public async Task Items_etags_lsns_and_change_feed_positions_survive_a_restart()
    {
        var (etag, lsn, continuation) = await WithEmulatorAsync(async client =>
        {
            var container = await SeedAsync(client, 10);
            await container.DeleteItemAsync<JObject>("i9", new PartitionKey("p0"));
            var read = await container.ReadItemAsync<JObject>("i4", new PartitionKey("p1"));
            using var feed = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.Beginning(), ChangeFeedMode.LatestVersion);
            string? token = null;
            while (feed.HasMoreResults)
            {
                var page = await feed.ReadNextAsync();
                token = page.ContinuationToken;
                if (page.StatusCode == HttpStatusCode.NotModified)
                {
                    break;
                }
            }

            return (read.ETag, (long)read.Resource["_lsn"]!, token);
        });

        await WithEmulatorAsync(async client =>
        {
            var container = client.GetContainer("persist", "items");
            var read = await container.ReadItemAsync<JObject>("i4", new PartitionKey("p1"));
            Assert.Equal(etag, read.ETag);
            Assert.Equal(lsn, (long)read.Resource["_lsn"]!);
            await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("i9", new PartitionKey("p0")));
            Assert.Equal(400, await container.ReadThroughputAsync());
            Assert.Equal(-1, (await container.ReadContainerAsync()).Resource.DefaultTimeToLive);

            // The consumer resumes where it stopped: only the change made after the restart arrives.
            await container.UpsertItemAsync(new JObject { ["id"] = "after", ["pk"] = "p0" }, new PartitionKey("p0"));
            using var feed = container.GetChangeFeedIterator<JObject>(ChangeFeedStartFrom.ContinuationToken(continuation), ChangeFeedMode.LatestVersion);
            var page = await feed.ReadNextAsync();
            Assert.Equal(new[] { "after" }, page.Select(i => (string)i["id"]!));
            var created = await container.CreateItemAsync(new JObject { ["id"] = "newer", ["pk"] = "p0" }, new PartitionKey("p0"));
            Assert.True((long)created.Resource["_lsn"]! > lsn);
            return 0;
        });
    }

    [Fact]
    public async Task A_torn_journal_tail_is_ignored_on_recovery()
    {
        await WithEmulatorAsync(async client => (await SeedAsync(client, 5)).Id);
        foreach (var journal in Directory.GetFiles(directory, "journal.log", SearchOption.AllDirectories))
        {
            // What a crash in the middle of an append leaves: a length prefix promising bytes that never arrived.
            await using var stream = new FileStream(journal, FileMode.Append);
            await stream.WriteAsync(new byte[] { 200, 0, 0, 0, 1, 2, 3, 4, 1, 7, 7 });
        }

        await WithEmulatorAsync(async client =>
        {
            var container = client.GetContainer("persist", "items");
            Assert.Equal(4, (int)(await container.ReadItemAsync<JObject>("i4", new PartitionKey("p1"))).Resource["n"]!);
            await container.CreateItemAsync(new JObject { ["id"] = "after-crash", ["pk"] = "p0" }, new PartitionKey("p0"));
            return 0;
        });

        await WithEmulatorAsync(async client =>
        {
            var container = client.GetContainer("persist", "items");
            Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("after-crash", new PartitionKey("p0"))).StatusCode);
            return 0;
        });
    }

    [Fact]
    public async Task Snapshots_replace_the_journal_without_losing_items()
    {
        await WithEmulatorAsync(async client => (await SeedAsync(client, 60)).Id, snapshotThreshold: 2048);
        Assert.NotEmpty(Directory.GetFiles(directory, "snapshot.bin", SearchOption.AllDirectories));
        await WithEmulatorAsync(async client =>
        {
            var container = client.GetContainer("persist", "items");
            for (var i = 0; i < 60; i++)
            {
                Assert.Equal(i, (int)(await container.ReadItemAsync<JObject>($"i{i}", new PartitionKey($"p{i % 3}"))).Resource["n"]!);
            }

            return 0;
        }, snapshotThreshold: 2048);
    }

    [Fact]
    public async Task A_json_transactional_batch_is_durable_as_one_group()
    {
        await WithEmulatorAsync(async client =>
        {
            var container = await SeedAsync(client, 1);
            var endpoint = client.Endpoint;
            using var http = new HttpClient { BaseAddress = endpoint };
            const string link = "dbs/persist/colls/items";
            var batch = new JArray(
                new JObject { ["operationType"] = "Create", ["resourceBody"] = new JObject { ["id"] = "g1", ["pk"] = "p0" } },
                new JObject { ["operationType"] = "Create", ["resourceBody"] = new JObject { ["id"] = "g2", ["pk"] = "p0" } },
                new JObject { ["operationType"] = "Delete", ["id"] = "i0" });
            using var request = ResourceTests.Signed(HttpMethod.Post, link + "/docs", "docs", link, CosmosEmulatorOptions.WellKnownKey);
            request.Headers.TryAddWithoutValidation("x-ms-cosmos-is-batch-request", "True");
            request.Headers.TryAddWithoutValidation("x-ms-cosmos-batch-atomic", "True");
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", "[\"p0\"]");
            request.Content = new StringContent(batch.ToString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new[] { 201, 201, 204 }, JArray.Parse(await response.Content.ReadAsStringAsync()).Select(r => (int)r["statusCode"]!));
            return container.Id;
        });

        await WithEmulatorAsync(async client =>
        {
            var container = client.GetContainer("persist", "items");
            Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("g1", new PartitionKey("p0"))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await container.ReadItemAsync<JObject>("g2", new PartitionKey("p0"))).StatusCode);
            await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("i0", new PartitionKey("p0")));
            return 0;
        });
    }
}
