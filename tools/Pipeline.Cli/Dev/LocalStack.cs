using Microsoft.Extensions.Logging;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Emulators.Azurite;
using Pipeline.Emulators.Cosmos;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.FunctionsHost;
using Pipeline.Emulators.FunctionsHost.Handler;

namespace Pipeline.Cli.Dev;

/// <summary>
/// The whole topology on this machine: Azurite, the Event Hubs and Cosmos DB emulators (data under <c>.pipeline/</c>),
/// and the function app, published to <c>.pipeline/app/handler</c> and run by the local Functions host like `func start`.
/// </summary>
internal sealed class LocalStack : IAsyncDisposable
{
    private readonly LocalStackOptions options;
    private readonly ILoggerFactory loggers;
    private AzuriteServer? azurite;
    private EventHubsEmulator? eventHubs;
    private CosmosEmulator? cosmos;

    private LocalStack(LocalStackOptions options, ILoggerFactory loggers)
    {
        this.options = options;
        this.loggers = loggers;
    }

    public FunctionsHost? Host { get; private set; }

    public string AppDirectory => Path.Combine(options.DataDirectory, "app");

    public static async Task<LocalStack> StartAsync(LocalStackOptions options, ILoggerFactory loggers, Action<string> progress, CancellationToken cancellationToken)
    {
        var stack = new LocalStack(options, loggers);
        try
        {
            await stack.StartAllAsync(progress, cancellationToken).ConfigureAwait(false);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync().ConfigureAwait(false);
        }

        if (cosmos is not null)
        {
            await cosmos.DisposeAsync().ConfigureAwait(false);
        }

        if (eventHubs is not null)
        {
            await eventHubs.DisposeAsync().ConfigureAwait(false);
        }

        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task StartAllAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var root = options.RepositoryRoot;
        Directory.CreateDirectory(options.DataDirectory);
        if (!File.Exists(Path.Combine(root, "node_modules", "azurite", "package.json")))
        {
            progress("Installing npm packages (npm ci --ignore-scripts)...");
            await ExternalCommand.RunAsync("npm", ["ci", "--ignore-scripts"], root, cancellationToken).ConfigureAwait(false);
        }

        var build = options.SkipBuild ? Task.CompletedTask : PublishAppAsync(progress, cancellationToken);

        progress("Starting Azurite...");
        azurite = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = root, BlobPort = options.BlobPort, Location = Path.Combine(options.DataDirectory, "azurite") }, cancellationToken).ConfigureAwait(false);

        if (await StalePartitionClaims.ReleaseAsync(azurite.ConnectionString, cancellationToken).ConfigureAwait(false) is > 0 and var released)
        {
            progress($"Released {released} partition claims left by an earlier run.");
        }

        progress("Starting the Event Hubs emulator...");
        var hubOptions = new EventHubsEmulatorOptions { Port = options.EventHubsPort, DataDirectory = Path.Combine(options.DataDirectory, "eventhubs") };
        hubOptions.EventHubs.Add(new EventHubDefinition(options.EventHubName, options.PartitionCount, "projector", "archive"));
        eventHubs = new EventHubsEmulator(hubOptions);
        await eventHubs.StartAsync(cancellationToken).ConfigureAwait(false);

        progress("Starting the Cosmos DB emulator...");
        cosmos = new CosmosEmulator(new CosmosEmulatorOptions { Port = options.CosmosPort, UseHttps = false, DataDirectory = Path.Combine(options.DataDirectory, "cosmos") });
        await cosmos.StartAsync(cancellationToken).ConfigureAwait(false);
        var storeOptions = new CosmosStoreOptions { AccountEndpoint = cosmos.Endpoint, AccountKey = cosmos.AccountKey, UseGatewayMode = true };
        using (var client = CosmosClientFactory.Create(storeOptions))
        {
            await StoreProvisioner.EnsureCreatedAsync(client, storeOptions, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await build.ConfigureAwait(false);
        LocalFunctionApp.Write(
            options.RepositoryRoot,
            AppDirectory,
            new LocalAppConnections(azurite.ConnectionString, eventHubs.GetConnectionString(), options.EventHubName, cosmos.Endpoint, cosmos.AccountKey, storeOptions.DatabaseName),
            hostPort: options.HostPort);
        progress("Starting the function app...");
        var hostOptions = new FunctionsHostOptions
        {
            AppDirectory = AppDirectory,
            Port = options.HostPort,
            ListenAddress = "127.0.0.1",
            DevelopmentStorageBlobEndpoint = azurite.BlobEndpoint,
            KeysDirectory = Path.Combine(options.DataDirectory, "keys"),
            HandlerCommandOverride = new HandlerCommand("dotnet", [Path.Combine(AppDirectory, "handler", "Pipeline.Functions.dll")], string.Empty),
            LoggerFactory = loggers,
        };
        Host = await FunctionsHost.StartAsync(hostOptions, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAppAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        progress("Building the function app (dotnet publish functions/Pipeline.Functions.csproj)...");
        await LocalFunctionApp.PublishHandlerAsync(options.RepositoryRoot, Path.Combine(AppDirectory, "handler"), cancellationToken).ConfigureAwait(false);
    }
}
