using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.DeadLetters;

namespace Pipeline.Cosmos.Tests;

public sealed class DeadLetterTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task A_poison_event_is_kept_with_its_raw_bytes_reason_and_coordinates_once()
    {
        var test = await fixture.NewStoreAsync();
        var deadLetters = new DeadLetterStore(test.Client, test.Options);
        var raw = Encoding.UTF8.GetBytes("{not json at all");
        var coordinates = new EventHubsCoordinates("7", 4242, "123456", new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

        var first = await deadLetters.WriteAsync("malformed JSON", raw, coordinates);
        var again = await deadLetters.WriteAsync("malformed JSON", raw, coordinates);

        Assert.True(first);
        Assert.False(again);
        using var response = await test.Client.GetContainer(test.Options.DatabaseName, "deadletters").ReadItemStreamAsync("7-4242", new PartitionKey("7"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = await JsonDocument.ParseAsync(response.Content);
        var root = document.RootElement;
        Assert.Equal(raw, root.GetProperty("body").GetBytesFromBase64());
        Assert.Equal("malformed JSON", root.GetProperty("reason").GetString());
        Assert.Equal(4242, root.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal("123456", root.GetProperty("offset").GetString());
        Assert.Equal(coordinates.EnqueuedTime, root.GetProperty("enqueuedTime").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_body_too_large_for_an_item_is_kept_truncated_with_its_real_length()
    {
        var test = await fixture.NewStoreAsync();
        var raw = new byte[DeadLetterStore.MaxStoredBodyBytes + 200_000];
        raw.AsSpan().Fill((byte)'x');

        await new DeadLetterStore(test.Client, test.Options).WriteAsync("event too large", raw, new EventHubsCoordinates("0", 1, null, DateTimeOffset.UtcNow));

        using var response = await test.Client.GetContainer(test.Options.DatabaseName, "deadletters").ReadItemStreamAsync("0-1", new PartitionKey("0"));
        using var document = await JsonDocument.ParseAsync(response.Content);
        Assert.True(document.RootElement.GetProperty("bodyTruncated").GetBoolean());
        Assert.Equal(raw.Length, document.RootElement.GetProperty("bodyLength").GetInt32());
        Assert.Equal(DeadLetterStore.MaxStoredBodyBytes, document.RootElement.GetProperty("body").GetBytesFromBase64().Length);
    }

    [Fact]
    public async Task Provisioning_creates_the_three_containers_with_their_partition_keys()
    {
        var test = await fixture.NewStoreAsync();
        var database = test.Client.GetDatabase(test.Options.DatabaseName);

        var events = (await database.GetContainer("events").ReadContainerAsync()).Resource;
        var deadletters = (await database.GetContainer("deadletters").ReadContainerAsync()).Resource;
        var leases = (await database.GetContainer("leases").ReadContainerAsync()).Resource;

        Assert.Equal(("/streamId", "/partitionId", "/id"), (events.PartitionKeyPath, deadletters.PartitionKeyPath, leases.PartitionKeyPath));
        Assert.Contains(events.IndexingPolicy.ExcludedPaths, p => p.Path == "/*");
    }
}
