using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class ResourceTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Databases_are_created_read_listed_and_deleted()
    {
        var name = "db-" + Guid.NewGuid().ToString("N")[..6];
        var created = await fixture.Client.CreateDatabaseAsync(name);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Client.CreateDatabaseIfNotExistsAsync(name)).StatusCode);
        var conflict = await Assert.ThrowsAsync<CosmosException>(() => fixture.Client.CreateDatabaseAsync(name));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        var names = new List<string>();
        using (var iterator = fixture.Client.GetDatabaseQueryIterator<DatabaseProperties>())
        {
            while (iterator.HasMoreResults)
            {
                names.AddRange((await iterator.ReadNextAsync()).Select(d => d.Id));
            }
        }

        Assert.Contains(name, names);
        await created.Database.DeleteAsync();
        var missing = await Assert.ThrowsAsync<CosmosException>(() => created.Database.ReadAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Containers_keep_their_policies_and_can_be_replaced()
    {
        var database = (await fixture.Client.CreateDatabaseIfNotExistsAsync("policies")).Database;
        var properties = new ContainerProperties("c-" + Guid.NewGuid().ToString("N")[..6], "/pk")
        {
            DefaultTimeToLive = 3600,
            UniqueKeyPolicy = new UniqueKeyPolicy { UniqueKeys = { new UniqueKey { Paths = { "/email" } } } },
            IndexingPolicy = new IndexingPolicy { IndexingMode = IndexingMode.Consistent, ExcludedPaths = { new ExcludedPath { Path = "/blob/*" } } },
        };
        var container = (await database.CreateContainerAsync(properties)).Container;
        var read = (await container.ReadContainerAsync()).Resource;
        Assert.Equal(3600, read.DefaultTimeToLive);
        Assert.Equal("/pk", read.PartitionKeyPath);
        Assert.Equal("/email", read.UniqueKeyPolicy.UniqueKeys.Single().Paths.Single());
        Assert.Contains(read.IndexingPolicy.ExcludedPaths, p => p.Path == "/blob/*");

        read.DefaultTimeToLive = 60;
        var replaced = await container.ReplaceContainerAsync(read);
        Assert.Equal(60, replaced.Resource.DefaultTimeToLive);

        var ids = new List<string>();
        using var iterator = database.GetContainerQueryIterator<ContainerProperties>();
        while (iterator.HasMoreResults)
        {
            ids.AddRange((await iterator.ReadNextAsync()).Select(c => c.Id));
        }

        Assert.Contains(properties.Id, ids);
        await container.DeleteContainerAsync();
        var gone = await Assert.ThrowsAsync<CosmosException>(() => container.ReadContainerAsync());
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Items_of_a_missing_container_are_404()
    {
        var database = (await fixture.Client.CreateDatabaseIfNotExistsAsync("missing-container")).Database;
        var error = await Assert.ThrowsAsync<CosmosException>(() => database.GetContainer("nope").ReadItemAsync<JObject>("a", new PartitionKey("a")));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Container_throughput_is_read_and_replaced()
    {
        var container = await fixture.NewContainerAsync(throughput: 400);
        Assert.Equal(400, await container.ReadThroughputAsync());
        var replaced = await container.ReplaceThroughputAsync(1000);
        Assert.Equal(1000, replaced.Resource.Throughput);
        Assert.Equal(1000, await container.ReadThroughputAsync());
    }

    [Fact]
    public async Task Database_throughput_is_shared_and_autoscale_is_kept()
    {
        var database = (await fixture.Client.CreateDatabaseAsync("shared-" + Guid.NewGuid().ToString("N")[..6], ThroughputProperties.CreateAutoscaleThroughput(4000))).Database;
        var throughput = (await database.ReadThroughputAsync(new RequestOptions())).Resource;
        Assert.Equal(4000, throughput.AutoscaleMaxThroughput);
        var raised = await database.ReplaceThroughputAsync(ThroughputProperties.CreateAutoscaleThroughput(10000));
        Assert.Equal(10000, raised.Resource.AutoscaleMaxThroughput);

        var manual = (await fixture.Client.CreateDatabaseAsync("manual-" + Guid.NewGuid().ToString("N")[..6], 400)).Database;
        await manual.ReplaceThroughputAsync(600);
        Assert.Equal(600, await manual.ReadThroughputAsync());
    }

    [Fact]
    public async Task Partition_key_ranges_have_string_ids_covering_the_whole_range()
    {
        var container = await fixture.NewContainerAsync();
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        var link = $"dbs/{container.Database.Id}/colls/{container.Id}";
        using var request = Signed(HttpMethod.Get, link + "/pkranges", "pkranges", link, fixture.Emulator.AccountKey);
        using var response = await http.SendAsync(request);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        var range = (JObject)body["PartitionKeyRanges"]!.Single();
        Assert.Equal(JTokenType.String, range["id"]!.Type);
        Assert.Equal(string.Empty, (string)range["minInclusive"]!);
        Assert.Equal("FF", (string)range["maxExclusive"]!);

        using var again = Signed(HttpMethod.Get, link + "/pkranges", "pkranges", link, fixture.Emulator.AccountKey);
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.Tag);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_is_401_with_the_signed_payload()
    {
        var wrongKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var request = Signed(HttpMethod.Get, "dbs", "dbs", string.Empty, wrongKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JObject.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Unauthorized", (string)body["code"]!);
        Assert.Contains("The input authorization token can't serve the request", (string)body["message"]!, StringComparison.Ordinal);

        using var wrong = new CosmosClient(fixture.Emulator.Endpoint.ToString(), wrongKey, new CosmosClientOptions { ConnectionMode = ConnectionMode.Gateway });
        var error = await Assert.ThrowsAsync<CosmosException>(() => wrong.CreateDatabaseIfNotExistsAsync("x"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Theory]
    [InlineData("{\"id\": 5, \"partitionKey\": {\"paths\": [\"/pk\"]}}")]
    [InlineData("{\"id\": \"c\", \"partitionKey\": {\"paths\": [5]}}")]
    [InlineData("{\"id\": \"c\", \"partitionKey\": {\"paths\": [\"/pk\"]}, \"defaultTtl\": 1.5}")]
    [InlineData("{\"id\": \"c\", \"partitionKey\": {\"paths\": [\"pk\"]}}")]
    [InlineData("not json")]
    public async Task Malformed_container_definitions_are_400(string definition)
    {
        var database = (await fixture.Client.CreateDatabaseIfNotExistsAsync("malformed")).Database;
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        var link = $"dbs/{database.Id}";
        using var request = Signed(HttpMethod.Post, link + "/colls", "colls", link, fixture.Emulator.AccountKey);
        request.Content = new StringContent(definition, Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadRequest", (string)JObject.Parse(await response.Content.ReadAsStringAsync())["code"]!);
    }

    [Fact]
    public async Task Requests_without_authorization_are_401()
    {
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var response = await http.GetAsync(new Uri("dbs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Connections_are_kept_alive_across_requests()
    {
        var connections = 0;
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = fixture.Emulator.Endpoint };
        for (var i = 0; i < 10; i++)
        {
            using var request = Signed(HttpMethod.Get, "dbs", "dbs", string.Empty, fixture.Emulator.AccountKey);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.ConnectionClose ?? false);
        }

        Assert.Equal(1, connections);
    }

    /// <summary>A request signed the way the SDKs sign it, for probing the wire protocol directly.</summary>
    internal static HttpRequestMessage Signed(HttpMethod method, string path, string resourceType, string resourceLink, string key)
    {
        var date = DateTime.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture);
        var payload = $"{method.Method.ToLowerInvariant()}\n{resourceType}\n{resourceLink}\n{date.ToLowerInvariant()}\n\n";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.UTF8.GetBytes(payload)));
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2018-12-31");
        request.Headers.TryAddWithoutValidation("authorization", Uri.EscapeDataString($"type=master&ver=1.0&sig={signature}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
