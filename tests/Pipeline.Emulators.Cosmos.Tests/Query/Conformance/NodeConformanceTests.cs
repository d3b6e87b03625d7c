using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests.Query.Conformance;

/// <summary>The official JavaScript SDK (@azure/cosmos) runs the whole conformance table against the emulator, unmodified.</summary>
public sealed class NodeConformanceTests
{
    [Fact]
    public async Task Javascript_sdk_returns_the_expected_result_for_every_query_in_the_table()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await emulator.StartAsync();
        var result = await NodeScript.RunAsync(
            RepositoryRoot.Combine("tests", "Pipeline.Emulators.Cosmos.Tests", "node", "conformance-queries.js"),
            environment: new Dictionary<string, string>
            {
                ["COSMOS_ENDPOINT"] = emulator.Endpoint.ToString(),
                ["COSMOS_KEY"] = emulator.AccountKey,
            },
            timeout: TimeSpan.FromSeconds(120));
        var output = result.StandardOutput;
        Assert.True(result.ExitCode == 0, output + result.StandardError);
        Assert.Contains($"{ConformanceTable.Count} passed, 0 failed", output, StringComparison.Ordinal);
    }
}
