using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Emulators.FunctionsHost.EventHubs;

namespace Pipeline.Emulators.FunctionsHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EventHubTriggerTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly string _consumerGroup = "Group-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TestApp _app;

    public EventHubTriggerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _app = new TestApp(new Dictionary<string, string> { ["ConsumerGroup"] = _consumerGroup }, "Crash", "AdminOnly");
    }

    private BlobContainerClient Container => _azurite.Blobs.GetBlobContainerClient(BlobCheckpointStore.ContainerName);

    private string Prefix(InMemoryEventHub hub) => $"{hub.FullyQualifiedNamespace}/events/{_consumerGroup}/".ToLowerInvariant();

    [Fact]
    public async Task Batch_arrives_with_azures_payload_and_is_checkpointed_in_the_extensions_blob_layout()
    {
        var hub = new InMemoryEventHub(2);
        hub.Append(0, "first", "stream-1", new Dictionary<string, object?> { ["kind"] = "created", ["n"] = 7 });
        hub.Append(0, "second", "stream-1");
        hub.Append(0, "{\"third\":3}");

        await using var host = await FunctionsHost.StartAsync(Options(hub));
        var checkpoint = await WaitForCheckpointAsync(hub, "0", 2);

        Assert.Equal("2000", checkpoint["offset"]);
        Assert.Equal("2", checkpoint["sequencenumber"]);
        Assert.Equal(host.OwnerId, checkpoint["clientidentifier"]);
        var ownership = await Eventually.ReturnsAsync(() => ListAsync(Prefix(hub) + "ownership/"), o => o.Count == 2, what: "two ownership blobs");
        Assert.Equal([Prefix(hub) + "ownership/0", Prefix(hub) + "ownership/1"], ownership.Select(b => b.Name).Order());
        Assert.All(ownership, b => Assert.Equal(host.OwnerId, b.Metadata["ownerid"]));

        var call = _app.Recorded("/Events").Select(r => JsonNode.Parse((string)r["body"]!)!).First();
        Assert.Equal(["first", "second", "{\"third\":3}"], Strings((string)call["Data"]!["events"]!));
        var metadata = call["Metadata"]!;
        foreach (var key in new[] { "PartitionContext", "TriggerPartitionContext" })
        {
            Assert.Equal(hub.FullyQualifiedNamespace, (string?)metadata[key]!["FullyQualifiedNamespace"]);
            Assert.Equal("events", (string?)metadata[key]!["EventHubName"]);
            Assert.Equal(_consumerGroup, (string?)metadata[key]!["ConsumerGroup"]);
            Assert.Equal("0", (string?)metadata[key]!["PartitionId"]);
            Assert.True((bool)metadata[key]!["IsCheckpointingAfterInvocation"]!);
        }

        Assert.Equal("[\"stream-1\",\"stream-1\",null]", (string?)metadata["PartitionKeyArray"]);
        Assert.Equal("[\"0\",\"1000\",\"2000\"]", (string?)metadata["OffsetArray"]);
        Assert.Equal("[0,1,2]", (string?)metadata["SequenceNumberArray"]);
        Assert.Equal("[\"2026-01-02T03:04:05\",\"2026-01-02T03:04:06.5\",\"2026-01-02T03:04:08\"]", (string?)metadata["EnqueuedTimeUtcArray"]);
        var properties = JsonNode.Parse((string)metadata["PropertiesArray"]!)!.AsArray();
        Assert.Equal("created", (string?)properties[0]!["kind"]);
        Assert.Equal(7, (int)properties[0]!["n"]!);
        var system = JsonNode.Parse((string)metadata["SystemPropertiesArray"]!)!.AsArray();
        Assert.Equal(1, (long)system[1]!["SequenceNumber"]!);
        Assert.Equal("1000", (string?)system[1]!["Offset"]);
        Assert.Equal("stream-1", (string?)system[1]!["PartitionKey"]);
        Assert.Equal("2026-01-02T03:04:06.5", (string?)system[1]!["EnqueuedTimeUtc"]);
        Assert.Equal(1, (long)system[1]!["x-opt-sequence-number"]!);
        Assert.Equal("Events", (string?)metadata["sys"]!["MethodName"]);
        Assert.Equal(0, (int)metadata["RetryContext"]!["RetryCount"]!);
        Assert.Equal(2, (int)metadata["RetryContext"]!["MaxRetryCount"]!);
    }

    [Fact]
    public async Task Restarted_host_resumes_after_the_last_checkpoint()
    {
        var hub = new InMemoryEventHub(1);
        hub.Append(0, "a");
        hub.Append(0, "b");
        await using (var first = await FunctionsHost.StartAsync(Options(hub)))
        {
            await WaitForCheckpointAsync(hub, "0", 1);
        }

        hub.Append(0, "c");
        hub.Append(0, "d");
        await using var second = await FunctionsHost.StartAsync(Options(hub));
        await WaitForCheckpointAsync(hub, "0", 3);

        var delivered = _app.Recorded("/Events").SelectMany(r => Strings((string)JsonNode.Parse((string)r["body"]!)!["Data"]!["events"]!)).ToList();
        Assert.Equal(["a", "b", "c", "d"], delivered);
        Assert.Equal(1, hub.Opened[^1].Position.AfterSequenceNumber);
    }

    [Fact]
    public async Task Two_hosts_split_the_partitions_and_one_takes_over_when_the_other_stops()
    {
        var hub = new InMemoryEventHub(4);
        await using var first = await FunctionsHost.StartAsync(Options(hub));
        await Eventually.ReturnsAsync(() => first.OwnedPartitions["Events"].Count, c => c == 4, what: "the first host to own all partitions");

        var second = await FunctionsHost.StartAsync(Options(hub));
        await Eventually.ReturnsAsync(
            () => (first.OwnedPartitions["Events"].Count, second.OwnedPartitions["Events"].Count), c => c == (2, 2), what: "an even split");
        Assert.Empty(first.OwnedPartitions["Events"].Intersect(second.OwnedPartitions["Events"]));

        await second.DisposeAsync();
        await Eventually.ReturnsAsync(() => first.OwnedPartitions["Events"].Count, c => c == 4, what: "the first host to take everything back");
        var owners = await ListAsync(Prefix(hub) + "ownership/");
        Assert.All(owners, b => Assert.Equal(first.OwnerId, b.Metadata["ownerid"]));
    }

    [Fact]
    public async Task Failing_handler_is_retried_by_the_policy_and_then_checkpointed_past()
    {
        _app.SetSetting("TEST_HANDLER_FAIL", "always");
        var hub = new InMemoryEventHub(1);
        hub.Append(0, "poison");

        await using var host = await FunctionsHost.StartAsync(Options(hub));
        await WaitForCheckpointAsync(hub, "0", 0);

        var attempts = _app.Recorded("/Events").Select(r => JsonNode.Parse((string)r["body"]!)!["Metadata"]!["RetryContext"]!).ToList();
        Assert.Equal([0, 1, 2], attempts.Select(a => (int)a["RetryCount"]!));
        Assert.Null((string?)attempts[0]["Exception"]);
        Assert.Contains("500", (string?)attempts[1]["Exception"], StringComparison.Ordinal);
    }

    public void Dispose() => _app.Dispose();

    private FunctionsHostOptions Options(InMemoryEventHub hub) => _app.Options(o =>
    {
        o.DevelopmentStorageBlobEndpoint = _azurite.Server.BlobEndpoint;
        o.EventHubs.SourceFactory = hub;
        o.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(200);
        o.EventHubs.PartitionOwnershipExpirationInterval = TimeSpan.FromSeconds(3);
    });

    private async Task<IDictionary<string, string>> WaitForCheckpointAsync(InMemoryEventHub hub, string partition, long sequenceNumber)
    {
        var name = Prefix(hub) + "checkpoint/" + partition;
        var blob = await Eventually.ReturnsAsync(
            async () => (await ListAsync(name)).FirstOrDefault(b => b.Name == name),
            b => b is not null && b.Metadata.TryGetValue("sequencenumber", out var s) && s == sequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
            what: $"checkpoint {sequenceNumber} on partition {partition}");
        return blob!.Metadata;
    }

    private async Task<List<BlobItem>> ListAsync(string prefix)
    {
        await Container.CreateIfNotExistsAsync();
        var result = new List<BlobItem>();
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, CancellationToken.None))
        {
            result.Add(blob);
        }

        return result;
    }

    private static List<string> Strings(string json) => JsonNode.Parse(json)!.AsArray().Select(n => (string)n!).ToList();
}
