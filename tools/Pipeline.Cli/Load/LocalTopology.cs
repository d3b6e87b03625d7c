using System.Text.Json.Nodes;
using Pipeline.Cli.Dev;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Emulators.Azurite;
using Pipeline.Emulators.Cosmos;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.FunctionsHost;
using Pipeline.Emulators.FunctionsHost.Handler;

namespace Pipeline.Cli.Load;

/// <summary>How to start a throwaway local topology: where the function app's handler is and which functions run.</summary>
internal sealed record LocalTopologyOptions
{
    public required string RepositoryRoot { get; init; }

    /// <summary>The built Pipeline.Functions.dll the host runs.</summary>
    public required string HandlerAssembly { get; init; }

    /// <summary>The event hub's partitions unless a command says otherwise.</summary>
    public const int DefaultPartitionCount = 4;

    /// <summary>The Event Hubs limit for a Standard namespace's hub.</summary>
    public const int MaxPartitionCount = 32;

    public int PartitionCount { get; init; } = DefaultPartitionCount;

    /// <summary>Why <paramref name="count"/> cannot be the local hub's partition count (`--partitions`), or null when it can.</summary>
    public static string? PartitionCountProblem(int count) =>
        count is < 1 or > MaxPartitionCount ? $"--partitions must be between 1 and {MaxPartitionCount}." : null;

    /// <summary>
    /// Run the Event Hubs and Cosmos DB emulators and the Functions host as child processes (`pipeline emulator …`,
    /// `pipeline host`) instead of inside this one, so each one's CPU can be read on its own (benches and `pipeline load`).
    /// </summary>
    public bool SeparateProcesses { get; init; }

    /// <summary>Functions written as <c>"disabled": true</c> (e.g. <c>project</c> and <c>archive</c> to measure ingest alone).</summary>
    public IReadOnlySet<string> DisabledFunctions { get; init; } = new HashSet<string>();
}

/// <summary>
/// The whole pipeline on free loopback ports with in-memory data: Azurite, the Event Hubs and Cosmos DB emulators and
/// the function app under the local Functions host. `pipeline load` (without --url), `pipeline bench` and the CLI
/// tests use it, so they never touch the data or ports of a running `pipeline dev`.
/// </summary>
internal sealed class LocalTopology : IAsyncDisposable
{
    public const string HubName = "events";
    private readonly string appDirectory = Directory.CreateTempSubdirectory("pipeline-load-app-").FullName;
    private readonly List<CliChildProcess> children = [];
    private readonly List<StackProcess> processes = [];
    private string eventHubsConnection = null!;
    private Uri cosmosEndpoint = null!;
    private string cosmosKey = null!;
    private Uri? hostAddress;
    private string? functionKey;

    private LocalTopology()
    {
    }

    public AzuriteServer Azurite { get; private set; } = null!;

    /// <summary>The in-process Event Hubs emulator (null with <see cref="LocalTopologyOptions.SeparateProcesses"/>).</summary>
    public EventHubsEmulator EventHubs { get; private set; } = null!;

    /// <summary>The in-process Cosmos DB emulator (null with <see cref="LocalTopologyOptions.SeparateProcesses"/>).</summary>
    public CosmosEmulator Cosmos { get; private set; } = null!;

    /// <summary>The processes of the stack, for CPU per process: this one, Azurite, and the children of a separate-process stack.</summary>
    public IReadOnlyList<StackProcess> Processes => processes;

    public CosmosStoreOptions StoreOptions { get; private set; } = null!;

    public FunctionsHost? Host { get; private set; }

    public Uri BaseAddress => Host?.BaseAddress ?? hostAddress!;

    public string FunctionKey => Host?.Keys.DefaultFunctionKey ?? functionKey!;

    /// <summary>Starts the emulators, and the function app host unless <paramref name="withHost"/> is false (broker and projector benches need only the emulators).</summary>
    public static async Task<LocalTopology> StartAsync(LocalTopologyOptions options, bool withHost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topology = new LocalTopology();
        try
        {
            await topology.StartAllAsync(options, withHost, cancellationToken).ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = children.Count - 1; i >= 0; i--)
        {
            await children[i].DisposeAsync().ConfigureAwait(false);
        }

        if (Host is not null)
        {
            await Host.DisposeAsync().ConfigureAwait(false);
        }

        if (Cosmos is not null)
        {
            await Cosmos.DisposeAsync().ConfigureAwait(false);
        }

        if (EventHubs is not null)
        {
            await EventHubs.DisposeAsync().ConfigureAwait(false);
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(appDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A handler still shutting down may hold a file; a leftover temp folder is harmless.
        }
    }

    private async Task StartAllAsync(LocalTopologyOptions options, bool withHost, CancellationToken cancellationToken)
    {
        var separate = options.SeparateProcesses && withHost;
        processes.Add(new StackProcess(separate ? "load generator (pipeline CLI)" : "pipeline CLI (load generator, Functions host, emulators)", Environment.ProcessId, "Azurite (node)"));
        if (separate)
        {
            await StartEmulatorProcessesAsync(options, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var hubs = new EventHubsEmulatorOptions { Port = 0 };
            hubs.EventHubs.Add(new EventHubDefinition(HubName, options.PartitionCount, "projector", "archive"));
            EventHubs = new EventHubsEmulator(hubs);
            await EventHubs.StartAsync(cancellationToken).ConfigureAwait(false);
            eventHubsConnection = EventHubs.GetConnectionString();
            Cosmos = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = false });
            await Cosmos.StartAsync(cancellationToken).ConfigureAwait(false);
            cosmosEndpoint = Cosmos.Endpoint;
            cosmosKey = Cosmos.AccountKey;
        }

        StoreOptions = new CosmosStoreOptions { AccountEndpoint = cosmosEndpoint, AccountKey = cosmosKey, UseGatewayMode = true, DatabaseName = "pipeline" };
        using (var client = CosmosClientFactory.Create(StoreOptions))
        {
            await StoreProvisioner.EnsureCreatedAsync(client, StoreOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (!withHost)
        {
            return;
        }

        Azurite = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = options.RepositoryRoot, InMemory = true, StartTimeout = TimeSpan.FromMinutes(2) }, cancellationToken).ConfigureAwait(false);
        LocalFunctionApp.Write(
            options.RepositoryRoot,
            appDirectory,
            new LocalAppConnections(Azurite.ConnectionString, eventHubsConnection, HubName, cosmosEndpoint, cosmosKey, StoreOptions.DatabaseName),
            options.DisabledFunctions);
        if (separate)
        {
            var host = Child(
                "Functions host",
                "function app handler",
                ["host", "--app", appDirectory, "--port", "0", "--handler", options.HandlerAssembly, "--dev-storage", Azurite.BlobEndpoint.ToString()]);
            hostAddress = new Uri(await host.WaitForLineAsync("Functions host on ", TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false));
            functionKey = await host.WaitForLineAsync("default function key: ", TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            return;
        }

        var hostOptions = new FunctionsHostOptions
        {
            AppDirectory = appDirectory,
            Port = 0,
            DevelopmentStorageBlobEndpoint = Azurite.BlobEndpoint,
            HandlerCommandOverride = new HandlerCommand("dotnet", [options.HandlerAssembly], string.Empty),
        };
        hostOptions.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(500);
        Host = await FunctionsHost.StartAsync(hostOptions, cancellationToken).ConfigureAwait(false);
        processes.Add(new StackProcess("function app handler", Host.HandlerProcessId ?? 0));
    }

    private async Task StartEmulatorProcessesAsync(LocalTopologyOptions options, CancellationToken cancellationToken)
    {
        var config = Path.Combine(appDirectory, "eventhubs-config.json");
        var entity = new JsonObject
        {
            ["Name"] = HubName,
            ["PartitionCount"] = options.PartitionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConsumerGroups"] = new JsonArray(new JsonObject { ["Name"] = "projector" }, new JsonObject { ["Name"] = "archive" }),
        };
        var namespaces = new JsonArray(new JsonObject { ["Type"] = "EventHub", ["Name"] = "emulatorNs1", ["Entities"] = new JsonArray(entity) });
        await File.WriteAllTextAsync(config, new JsonObject { ["UserConfig"] = new JsonObject { ["NamespaceConfig"] = namespaces } }.ToJsonString(), cancellationToken).ConfigureAwait(false);
        var eventHubs = Child("Event Hubs emulator", null, ["emulator", "eventhubs", "--port", "0", "--admin-port", "0", "--config", config]);
        var cosmos = Child("Cosmos DB emulator", null, ["emulator", "cosmos", "--port", "0", "--http"]);
        eventHubsConnection = await eventHubs.WaitForLineAsync("Connection string: ", TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        cosmosEndpoint = new Uri(await cosmos.WaitForLineAsync("Cosmos DB emulator listening on ", TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false));
        cosmosKey = await cosmos.WaitForLineAsync("key:", TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
    }

    private CliChildProcess Child(string role, string? descendantsRole, IReadOnlyList<string> arguments)
    {
        var child = CliChildProcess.Start(arguments);
        children.Add(child);
        processes.Add(new StackProcess(role, child.ProcessId, descendantsRole));
        return child;
    }
}
