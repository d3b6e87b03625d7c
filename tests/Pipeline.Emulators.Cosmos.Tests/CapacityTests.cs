using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class CapacityTests
{
    [Fact]
    public async Task Exceeding_provisioned_throughput_is_429_with_retry_after_and_substatus_3200()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false, EnforceThroughput = true });
        await emulator.StartAsync();
        using var client = Clients.For(emulator, o => o.MaxRetryAttemptsOnRateLimitedRequests = 0);
        var database = (await client.CreateDatabaseAsync("capacity")).Database;
        var container = (await database.CreateContainerAsync(new ContainerProperties("c", "/pk"), 400)).Container;
        var body = new string('x', 900);

        var throttled = new List<CosmosException>();
        for (var i = 0; i < 200 && throttled.Count == 0; i++)
        {
            try
            {
                await container.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = "p", ["body"] = body }, new PartitionKey("p"));
            }
            catch (CosmosException ex) when (ex.StatusCode == HttpStatusCode.TooManyRequests)
            {
                throttled.Add(ex);
            }
        }

        var error = Assert.Single(throttled);
        Assert.Equal(3200, error.SubStatusCode);
        Assert.NotNull(error.RetryAfter);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_sdk_retries_throttled_requests_until_the_next_window()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false, EnforceThroughput = true });
        await emulator.StartAsync();
        using var client = Clients.For(emulator);
        var database = (await client.CreateDatabaseAsync("capacity")).Database;
        var container = (await database.CreateContainerAsync(new ContainerProperties("c", "/pk"), 400)).Container;
        var writes = Enumerable.Range(0, 120).Select(i => container.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = "p" }, new PartitionKey("p")));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Contains(responses, r => r.Diagnostics.ToString().Contains("429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_enforcement_nothing_is_throttled()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await emulator.StartAsync();
        using var client = Clients.For(emulator, o => o.MaxRetryAttemptsOnRateLimitedRequests = 0);
        var database = (await client.CreateDatabaseAsync("capacity")).Database;
        var container = (await database.CreateContainerAsync(new ContainerProperties("c", "/pk"), 400)).Container;
        var responses = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => container.CreateItemAsync(new JObject { ["id"] = $"i{i}", ["pk"] = "p" }, new PartitionKey("p"))));
        Assert.Equal(150, responses.Length);
    }
}
