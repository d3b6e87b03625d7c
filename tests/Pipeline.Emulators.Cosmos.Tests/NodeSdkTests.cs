using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

/// <summary>The official JavaScript SDK (@azure/cosmos) is the conformance oracle: its scripts must pass unmodified.</summary>
public sealed class NodeSdkTests
{
    private static async Task<NodeResult> RunAsync(bool https)
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = https });
        await emulator.StartAsync();
        return await NodeScript.RunAsync(
            RepositoryRoot.Combine("tests", "Pipeline.Emulators.Cosmos.Tests", "node", "conformance.js"),
            environment: new Dictionary<string, string>
            {
                ["COSMOS_ENDPOINT"] = emulator.Endpoint.ToString(),
                ["COSMOS_KEY"] = emulator.AccountKey,
            },
            timeout: TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Javascript_sdk_conformance_matrix_passes_over_http()
    {
        var result = (await RunAsync(https: false)).EnsureSuccess();
        Assert.Contains(" 0 failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Javascript_sdk_conformance_matrix_passes_over_https()
    {
        var result = (await RunAsync(https: true)).EnsureSuccess();
        Assert.Contains(" 0 failed", result.StandardOutput, StringComparison.Ordinal);
    }
}
