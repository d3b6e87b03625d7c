using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>The official JavaScript SDK (@azure/cosmos) runs its query matrix against the emulator unmodified.</summary>
public sealed class NodeSdkQueryTests
{
    [Fact]
    public async Task Javascript_sdk_query_matrix_passes()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await emulator.StartAsync();
        var result = await NodeScript.RunAsync(
            RepositoryRoot.Combine("tests", "Pipeline.Emulators.Cosmos.Tests", "node", "queries.js"),
            environment: new Dictionary<string, string>
            {
                ["COSMOS_ENDPOINT"] = emulator.Endpoint.ToString(),
                ["COSMOS_KEY"] = emulator.AccountKey,
            },
            timeout: TimeSpan.FromSeconds(90));
        Assert.Contains(" 0 failed", result.EnsureSuccess().StandardOutput, StringComparison.Ordinal);
    }
}
