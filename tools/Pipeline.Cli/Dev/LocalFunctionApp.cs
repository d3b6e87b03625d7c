using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Dev;

/// <summary>Where the local function app's settings point: the emulators of one local stack.</summary>
internal sealed record LocalAppConnections(
    string StorageConnectionString,
    string EventHubsConnectionString,
    string EventHubName,
    Uri CosmosEndpoint,
    string CosmosKey,
    string CosmosDatabaseName);

/// <summary>
/// Lays the function app out as the deployment zip does (host.json and one folder per function.json) with a
/// local.settings.json pointing at the local emulators: one layout for `pipeline dev`, `pipeline load` and `pipeline bench`.
/// </summary>
internal static class LocalFunctionApp
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Publishes the handler (functions/Pipeline.Functions.csproj) into <paramref name="output"/>; returns its assembly's path.</summary>
    public static async Task<string> PublishHandlerAsync(string repositoryRoot, string output, CancellationToken cancellationToken)
    {
        await ExternalCommand.RunAsync(
            "dotnet",
            ["publish", Path.Combine(repositoryRoot, "functions", "Pipeline.Functions.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"],
            repositoryRoot,
            cancellationToken).ConfigureAwait(false);
        return Path.Combine(output, "Pipeline.Functions.dll");
    }

    public static void Write(
        string repositoryRoot,
        string appDirectory,
        LocalAppConnections connections,
        IReadOnlySet<string>? disabledFunctions = null,
        int? hostPort = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        Directory.CreateDirectory(appDirectory);
        File.Copy(Path.Combine(repositoryRoot, "host.json"), Path.Combine(appDirectory, "host.json"), overwrite: true);
        foreach (var folder in Directory.EnumerateDirectories(Path.Combine(repositoryRoot, "functions")))
        {
            var functionJson = Path.Combine(folder, "function.json");
            if (!File.Exists(functionJson))
            {
                continue;
            }

            var name = Path.GetFileName(folder);
            var definition = JsonNode.Parse(File.ReadAllText(functionJson))!.AsObject();
            if (disabledFunctions?.Contains(name) == true)
            {
                definition["disabled"] = true;
            }

            Directory.CreateDirectory(Path.Combine(appDirectory, name));
            File.WriteAllText(Path.Combine(appDirectory, name, "function.json"), definition.ToJsonString(Indented));
        }

        var settings = new JsonObject { ["IsEncrypted"] = false, ["Values"] = Values(connections) };
        if (hostPort is { } port)
        {
            settings["Host"] = new JsonObject { ["LocalHttpPort"] = port };
        }

        File.WriteAllText(Path.Combine(appDirectory, "local.settings.json"), settings.ToJsonString(Indented));
    }

    private static JsonObject Values(LocalAppConnections connections) => new()
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
        ["AzureWebJobsStorage"] = connections.StorageConnectionString,
        ["EventHubConnection"] = connections.EventHubsConnectionString,
        ["EventHubName"] = connections.EventHubName,
        ["ProjectorConsumerGroup"] = "projector",
        ["ArchiveConsumerGroup"] = "archive",
        ["CosmosDb__accountEndpoint"] = connections.CosmosEndpoint.ToString(),
        ["CosmosDb__accountKey"] = connections.CosmosKey,
        ["CosmosDb__databaseName"] = connections.CosmosDatabaseName,
        ["CosmosDb__useGatewayMode"] = "true",

        // The dashboard scrapes the handler's own port; the host forwards function routes only.
        ["Telemetry__PrometheusEndpoint"] = "true",

        // A local run lasts minutes on a machine shared with the emulators, too short for default tiered JIT to settle:
        // 25-40 s into `pipeline load` the handler's tier-1 background compiler still took 17 % of its CPU and the event
        // store's hot paths still ran tier-0 code. As in the CLI (Pipeline.Cli.csproj): code without ReadyToRun images is
        // compiled optimised on first call, framework code reaches tier 1 without the call-counting delay, no PGO tier
        // (README, Performance). Azure keeps .NET's defaults, where an instance lives long enough for them to pay back.
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_TC_QuickJit"] = "0",
        ["DOTNET_TC_CallCountingDelayMs"] = "0",

        // As in the CLI: no background GC and keep released memory, throughput over pause times on shared cores.
        ["DOTNET_gcConcurrent"] = "0",
        ["DOTNET_GCRetainVM"] = "1",

        // As in the CLI (Pipeline.Cli.csproj): idle thread-pool workers spinning for work burn the CPU that the host
        // and emulators on the same cores need.
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
    };
}
