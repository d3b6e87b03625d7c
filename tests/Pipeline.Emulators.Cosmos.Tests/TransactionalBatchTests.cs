using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

/// <summary>The .NET SDK's `TransactionalBatch`: HybridRow batches applied all-or-nothing on one logical partition.</summary>
public sealed class TransactionalBatchTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_batch_of_every_operation_type_applies_together()
    {
        var container = await fixture.NewContainerAsync();
        var existing = await container.CreateItemAsync(new JObject { ["id"] = "old", ["pk"] = "p", ["v"] = 1 }, new PartitionKey("p"));
        await container.CreateItemAsync(new JObject { ["id"] = "doomed", ["pk"] = "p" }, new PartitionKey("p"));
        await container.CreateItemAsync(new JObject { ["id"] = "count", ["pk"] = "p", ["n"] = 1 }, new PartitionKey("p"));

        using var response = await container.CreateTransactionalBatch(new PartitionKey("p"))
            .CreateItem(new JObject { ["id"] = "new", ["pk"] = "p" })
            .ReplaceItem("old", new JObject { ["id"] = "old", ["pk"] = "p", ["v"] = 2 }, new TransactionalBatchItemRequestOptions { IfMatchEtag = existing.ETag })
            .UpsertItem(new JObject { ["id"] = "up", ["pk"] = "p" })
            .ReadItem("old")
            .DeleteItem("doomed")
            .PatchItem("count", [PatchOperation.Increment("/n", 2)])
            .ExecuteAsync();

        Assert.True(response.IsSuccessStatusCode, response.ErrorMessage);
        Assert.Equal(6, response.Count);
        Assert.Equal(
            new[] { HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.OK },
            response.Select(r => r.StatusCode));
        Assert.Equal(2, (int)response.GetOperationResultAtIndex<JObject>(3).Resource["v"]!);
        Assert.Equal(3, (int)response.GetOperationResultAtIndex<JObject>(5).Resource["n"]!);
        Assert.True(response.RequestCharge > 0);
        Assert.Equal(response[1].ETag, (await container.ReadItemAsync<JObject>("old", new PartitionKey("p"))).ETag);
        var deleted = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("doomed", new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
    }

    [Fact]
    public async Task One_failing_operation_fails_the_batch_with_its_status_and_writes_nothing()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "taken", ["pk"] = "p", ["v"] = 1 }, new PartitionKey("p"));

        using var response = await container.CreateTransactionalBatch(new PartitionKey("p"))
            .CreateItem(new JObject { ["id"] = "a", ["pk"] = "p" })
            .ReplaceItem("taken", new JObject { ["id"] = "taken", ["pk"] = "p", ["v"] = 2 }, new TransactionalBatchItemRequestOptions { IfMatchEtag = "\"stale\"" })
            .CreateItem(new JObject { ["id"] = "b", ["pk"] = "p" })
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal(HttpStatusCode.FailedDependency, response[0].StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, response[1].StatusCode);
        Assert.Equal(HttpStatusCode.FailedDependency, response[2].StatusCode);
        var missing = await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("a", new PartitionKey("p")));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, (int)(await container.ReadItemAsync<JObject>("taken", new PartitionKey("p"))).Resource["v"]!);
    }

    [Fact]
    public async Task A_create_of_an_existing_item_fails_the_batch_with_409()
    {
        var container = await fixture.NewContainerAsync();
        await container.CreateItemAsync(new JObject { ["id"] = "taken", ["pk"] = "p" }, new PartitionKey("p"));

        using var response = await container.CreateTransactionalBatch(new PartitionKey("p"))
            .UpsertItem(new JObject { ["id"] = "fresh", ["pk"] = "p" })
            .CreateItem(new JObject { ["id"] = "taken", ["pk"] = "p" })
            .ExecuteAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await Assert.ThrowsAsync<CosmosException>(() => container.ReadItemAsync<JObject>("fresh", new PartitionKey("p")));
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 1, 2 }, "ends after")]
    [InlineData(new byte[] { 0x81, 0x71, 0x54, 0xE1, 0x7F, 0, 0, 0, 0 }, "neither a RecordIO segment nor a record")]
    [InlineData(new byte[] { 0x81, 0xF1, 0xD8, 0xFF, 0x7F, 2, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D }, "record before its first segment")]
    [InlineData(new byte[] { 0x81, 0xF0, 0xD8, 0xFF, 0x7F, 1, 0x0A, 0, 0, 0, 0x81, 0xF1, 0xD8, 0xFF, 0x7F, 2, 0, 0, 0, 0, 0, 0, 0, 0x7B, 0x7D }, "CRC-32")]
    [InlineData(new byte[] { 0x00, 0x01 }, "starts with byte 0x00")]
    public async Task Malformed_batch_bodies_are_a_400_that_says_what_is_wrong(byte[] body, string expected)
    {
        var container = await fixture.NewContainerAsync();
        var (status, message) = await PostBatchAsync(container, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_operation_row_with_a_truncated_field_is_a_400()
    {
        var container = await fixture.NewContainerAsync();
        // A BatchOperation row (create, document) whose partitionKey claims 200 bytes but has 3.
        byte[] row = [0x81, 0x70, 0x54, 0xE1, 0x7F, 0x07, 0, 0, 0, 0, 2, 0, 0, 0, 200, 1, 0x5B, 0x22, 0x61];
        var (status, message) = await PostBatchAsync(container, RecordIo(row));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("in batch operation 0 declares 200 bytes but only 3 remain", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_batch_operation_with_a_number_for_its_type_is_a_400()
    {
        var container = await fixture.NewContainerAsync();
        var (status, message) = await PostBatchAsync(container, Encoding.UTF8.GetBytes("[{\"operationType\":5,\"id\":\"a\"}]"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("must be strings", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_truncation_or_corruption_of_a_batch_is_answered_and_never_a_server_error()
    {
        var container = await fixture.NewContainerAsync();
        var body = Encoding.UTF8.GetBytes("{\"id\":\"x\",\"pk\":\"p\"}");
        var row = new List<byte> { 0x81, 0x70, 0x54, 0xE1, 0x7F, 0x57, 0, 0, 0, 0, 2, 0, 0, 0, 5 };
        row.AddRange(Encoding.UTF8.GetBytes("[\"p\"]"));
        row.AddRange([1, (byte)'x', (byte)body.Length]);
        row.AddRange(body);
        row.AddRange([0x14, 10, 1, (byte)'*']); // sparse utf8 ifNoneMatch "*"
        var valid = RecordIo([.. row]);

        var (status, _) = await PostBatchAsync(container, valid, atomic: false);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("x", (string)(await container.ReadItemAsync<JObject>("x", new PartitionKey("p"))).Resource["id"]!);
        var answers = new List<HttpStatusCode>();
        for (var length = 1; length < valid.Length; length++)
        {
            answers.Add((await PostBatchAsync(container, valid[..length], atomic: false)).Status);
        }

        for (var position = 0; position < valid.Length; position++)
        {
            var corrupt = (byte[])valid.Clone();
            corrupt[position] ^= 0xA5;
            answers.Add((await PostBatchAsync(container, corrupt, atomic: false)).Status);
        }

        Assert.All(answers, a => Assert.True((int)a < 500, $"answered {(int)a}"));
        Assert.Contains(HttpStatusCode.BadRequest, answers);
    }

    private async Task<(HttpStatusCode Status, string Message)> PostBatchAsync(Container container, byte[] body, bool atomic = true)
    {
        var link = $"dbs/{container.Database.Id}/colls/{container.Id}";
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var request = ResourceTests.Signed(HttpMethod.Post, link + "/docs", "docs", link, fixture.Emulator.AccountKey);
        request.Headers.TryAddWithoutValidation("x-ms-cosmos-is-batch-request", "True");
        request.Headers.TryAddWithoutValidation("x-ms-cosmos-batch-atomic", atomic ? "True" : "False");
        if (atomic)
        {
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", "[\"p\"]");
        }

        request.Content = new ByteArrayContent(body);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    /// <summary>A RecordIO stream of one segment and one record holding <paramref name="row"/>, with its correct CRC.</summary>
    private static byte[] RecordIo(byte[] row)
    {
        var stream = new List<byte> { 0x81, 0xF0, 0xD8, 0xFF, 0x7F, 1, 0x0A, 0, 0, 0, 0x81, 0xF1, 0xD8, 0xFF, 0x7F };
        stream.AddRange(BitConverter.GetBytes(row.Length));
        stream.AddRange(BitConverter.GetBytes(System.IO.Hashing.Crc32.HashToUInt32(row)));
        stream.AddRange(row);
        return [.. stream];
    }
}
