using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Hubs_and_consumer_groups_are_created_listed_and_deleted_at_run_time()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AdminPort = 0);
        using var http = new HttpClient { BaseAddress = emulator.AdminEndpoint };

        var created = await http.PutAsJsonAsync("eventhubs/orders", new { partitionCount = 3, consumerGroups = new[] { "billing" } });
        var again = await http.PutAsJsonAsync("eventhubs/orders", new { partitionCount = 3 });
        var conflict = await http.PutAsJsonAsync("eventhubs/orders", new { partitionCount = 5 });
        var group = await http.PutAsync("eventhubs/orders/consumergroups/audit", null);
        var groups = await http.GetFromJsonAsync<JsonElement>("eventhubs/orders/consumergroups");
        var hubs = await http.GetFromJsonAsync<JsonElement>("eventhubs");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Created, group.StatusCode);
        Assert.Equal(["$Default", "audit", "billing"], groups.EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(3, hubs.EnumerateArray().Single().GetProperty("partitionCount").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await http.DeleteAsync("eventhubs/orders/consumergroups/$Default")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("eventhubs/orders/consumergroups/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("eventhubs/orders")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("eventhubs/orders")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_not_a_server_error()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.AdminPort = 0);
        using var http = new HttpClient { BaseAddress = emulator.AdminEndpoint };

        var badJson = await http.PutAsync("eventhubs/x1", new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json"));
        var badName = await http.PutAsJsonAsync("eventhubs/-bad-", new { partitionCount = 2 });
        var badCount = await http.PutAsJsonAsync("eventhubs/x2", new { partitionCount = 0 });
        var missingHub = await http.DeleteAsync("eventhubs/none");

        foreach (var response in new[] { badJson, badName, badCount })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.NotFound, missingHub.StatusCode);
    }

    [Fact]
    public void Microsoft_emulator_config_files_are_read_with_string_partition_counts()
    {
        var (name, hubs) = Entities.EmulatorConfigFile.Load(Pipeline.Testing.RepositoryRoot.Combine("emulators", "EventHubs", "Config.sample.json"));

        Assert.Equal("emulatorNs1", name);
        var hub = Assert.Single(hubs);
        Assert.Equal("events", hub.Name);
        Assert.Equal(4, hub.PartitionCount);
        Assert.Equal(["projector", "archive"], hub.ConsumerGroups);
    }
}
