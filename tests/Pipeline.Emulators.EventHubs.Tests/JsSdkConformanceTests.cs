using System.Text.Json;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Testing;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class JsSdkConformanceTests
{
    private static string Script(string name) => RepositoryRoot.Combine("tests", "Pipeline.Emulators.EventHubs.Tests", "node", name);

    private static async Task<JsonElement> RunAsync(EventHubsEmulator emulator, string script, string hub)
    {
        var result = await NodeScript.RunAsync(Script(script), environment: new Dictionary<string, string>
        {
            ["EH_CONNECTION_STRING"] = emulator.GetConnectionString(),
            ["EH_HUB"] = hub,
        });
        result.EnsureSuccess();
        var json = result.StandardOutput.Trim().Split('\n')[^1];
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Js_sdk_reads_properties_sends_and_receives_from_every_start_position()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("basics", 4, "cg1"));

        var r = await RunAsync(emulator, "basics.mjs", "basics");

        Assert.False(r.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal("basics", r.GetProperty("hub").GetProperty("name").GetString());
        Assert.Equal(["0", "1", "2", "3"], r.GetProperty("hub").GetProperty("partitionIds").EnumerateArray().Select(e => e.GetString()));
    }
}
