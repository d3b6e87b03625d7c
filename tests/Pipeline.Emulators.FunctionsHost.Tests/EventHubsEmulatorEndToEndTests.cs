using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.FunctionsHost.EventHubs;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Producer;
using Pipeline.Testing;

namespace Pipeline.Emulators.FunctionsHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EventHubsEmulatorEndToEndTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TestApp _app = new(new Dictionary<string, string> { ["ConsumerGroup"] = "projector" }, "Crash", "AdminOnly");
    private EventHubsEmulator _emulator = null!;

    public EventHubsEmulatorEndToEndTests(AzuriteFixture azurite) => _azurite = azurite;

    public async Task InitializeAsync()
    {
        var options = new EventHubsEmulatorOptions { Port = FreePort.Next(), NamespaceName = "e2e" + Guid.NewGuid().ToString("N")[..6] };
        options.EventHubs.Add(new EventHubDefinition("events", 2, "projector"));
        _emulator = new EventHubsEmulator(options);
        await _emulator.StartAsync();
        _app.SetSetting("EventHubConnection", _emulator.GetConnectionString());
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task Events_sent_through_the_emulator_reach_the_handler_through_the_amqp_client_and_are_checkpointed()
    {
        await using (var producer = new EventHubProducerClient(_emulator.GetConnectionString("events")))
        {
            var events = Enumerable.Range(0, 5).Select(i =>
            {
                var e = new EventData($"event-{i}");
                e.Properties["index"] = i;
                return e;
            });
            await producer.SendAsync(events, new SendEventOptions { PartitionId = "1" });
        }

        await using var host = await FunctionsHost.StartAsync(_app.Options(o =>
        {
            o.DevelopmentStorageBlobEndpoint = _azurite.Server.BlobEndpoint;
            o.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(200);
        }));

        var delivered = await Eventually.ReturnsAsync(
            () => _app.Recorded("/Events").SelectMany(r => JsonNode.Parse((string)JsonNode.Parse((string)r["body"]!)!["Data"]!["events"]!)!.AsArray().Select(n => (string)n!)).ToList(),
            d => d.Count >= 5,
            what: "five events at the handler");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"event-{i}"), delivered);

        var call = JsonNode.Parse((string)_app.Recorded("/Events")[0]["body"]!)!;
        Assert.Equal("1", (string?)call["Metadata"]!["PartitionContext"]!["PartitionId"]);
        Assert.Equal(0, (int)JsonNode.Parse((string)call["Metadata"]!["PropertiesArray"]!)![0]!["index"]!);

        var container = _azurite.Blobs.GetBlobContainerClient(BlobCheckpointStore.ContainerName);
        var checkpointName = await Eventually.ReturnsAsync<string?>(
            async () =>
            {
                await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, CancellationToken.None))
                {
                    if (blob.Name.EndsWith("/events/projector/checkpoint/1", StringComparison.Ordinal) && blob.Metadata.TryGetValue("sequencenumber", out var s) && s == "4")
                    {
                        return blob.Name;
                    }
                }

                return null;
            },
            n => n is not null,
            what: "the checkpoint of partition 1");
        Assert.Equal(checkpointName!.ToLowerInvariant(), checkpointName);
    }
}
