using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Emulators.Azurite;
using Pipeline.Emulators.Cosmos;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.FunctionsHost;
using Pipeline.Emulators.FunctionsHost.Handler;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The whole local topology on free loopback ports, once per test collection: Azurite, the Event Hubs and Cosmos DB
/// emulators, and the Functions host running the function app (the Pipeline.Functions.dll built next to the tests)
/// from an app folder laid out like the deployment zip (host.json + &lt;name&gt;/function.json).
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string HubName = "events";
    public const int PartitionCount = 4;

    private readonly string appDirectory = Directory.CreateTempSubdirectory("functions-app-").FullName;

    public AzuriteServer Azurite { get; private set; } = null!;

    public EventHubsEmulator EventHubs { get; private set; } = null!;

    public CosmosEmulator Cosmos { get; private set; } = null!;

    public FunctionsHost Host { get; private set; } = null!;

    public CosmosClient CosmosClient { get; private set; } = null!;

    public CosmosStoreOptions StoreOptions { get; private set; } = null!;

    public BlobServiceClient Blobs => new(Azurite.ConnectionString);

    /// <summary>Where the handler writes its spans (<c>Telemetry__SpanFile</c>), one JSON object per line.</summary>
    public string SpanFile => Path.Combine(appDirectory, "spans.jsonl");

    /// <summary>The handler's Prometheus scrape endpoint (<c>Telemetry__PrometheusEndpoint</c>), on its own loopback port.</summary>
    public Uri MetricsEndpoint => new($"http://127.0.0.1:{Host.HandlerPort}/metrics");

    /// <summary>A client for the host that presents the default function key.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>A client for the host without any key.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = RepositoryRoot.Path, InMemory = true, StartTimeout = TimeSpan.FromMinutes(2) });
        var hubs = new EventHubsEmulatorOptions { Port = FreePort.Next() };
        hubs.EventHubs.Add(new EventHubDefinition(HubName, PartitionCount, "projector", "archive"));
        EventHubs = new EventHubsEmulator(hubs);
        await EventHubs.StartAsync();
        Cosmos = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await Cosmos.StartAsync();
        StoreOptions = new CosmosStoreOptions { AccountEndpoint = Cosmos.Endpoint, AccountKey = Cosmos.AccountKey, UseGatewayMode = true, DatabaseName = "pipeline" };
        CosmosClient = CosmosClientFactory.Create(StoreOptions);
        await StoreProvisioner.EnsureCreatedAsync(CosmosClient, StoreOptions);

        WriteApp();
        Host = await StartHostAsync();
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Add("x-functions-key", Host.Keys.DefaultFunctionKey);
        Anonymous = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>Starts a host on the app (another one besides <see cref="Host"/> when given settings that differ).</summary>
    public async Task<FunctionsHost> StartHostAsync(IDictionary<string, string>? settingOverrides = null)
    {
        var options = new FunctionsHostOptions
        {
            AppDirectory = appDirectory,
            Port = 0,
            DevelopmentStorageBlobEndpoint = Azurite.BlobEndpoint,
            HandlerCommandOverride = new HandlerCommand("dotnet", [Path.Combine(AppContext.BaseDirectory, "Pipeline.Functions.dll")], string.Empty),
        };
        options.Handler.RestartDelay = TimeSpan.FromMilliseconds(200);
        options.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromMilliseconds(250);
        foreach (var (name, value) in settingOverrides ?? new Dictionary<string, string>())
        {
            options.SettingOverrides[name] = value;
        }

        return await FunctionsHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        CosmosClient?.Dispose();
        if (Cosmos is not null)
        {
            await Cosmos.DisposeAsync();
        }

        if (EventHubs is not null)
        {
            await EventHubs.DisposeAsync();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }

        try
        {
            Directory.Delete(appDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A handler still shutting down may hold a file; the temp folder is harmless.
        }
    }

    /// <summary>POSTs a body to /api/events with the given content type.</summary>
    public Task<HttpResponseMessage> PostEventsAsync(string body, string contentType = "application/cloudevents-batch+json", HttpClient? client = null)
    {
        var content = new StringContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return (client ?? Client).PostAsync("api/events", content);
    }

    /// <summary>The app folder as the deployment zip lays it out: host.json and functions/&lt;name&gt;/function.json.</summary>
    private void WriteApp()
    {
        File.Copy(RepositoryRoot.Combine("host.json"), Path.Combine(appDirectory, "host.json"));
        foreach (var functionJson in Directory.EnumerateFiles(RepositoryRoot.Combine("functions"), "function.json", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(Path.GetDirectoryName(functionJson)!);
            if (functionJson.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || functionJson.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(appDirectory, name));
            File.Copy(functionJson, Path.Combine(appDirectory, name, "function.json"));
        }

        var values = new JsonObject
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "custom",
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["EventHubConnection"] = EventHubs.GetConnectionString(),
            ["EventHubName"] = HubName,
            ["ProjectorConsumerGroup"] = "projector",
            ["ArchiveConsumerGroup"] = "archive",
            ["CosmosDb__accountEndpoint"] = Cosmos.Endpoint.ToString(),
            ["CosmosDb__accountKey"] = Cosmos.AccountKey,
            ["CosmosDb__databaseName"] = StoreOptions.DatabaseName,
            ["CosmosDb__useGatewayMode"] = "true",
            ["Telemetry__PrometheusEndpoint"] = "true",
            ["Telemetry__SpanFile"] = SpanFile,
            ["Telemetry__LagRefreshInterval"] = "00:00:01",
        };
        File.WriteAllText(Path.Combine(appDirectory, "local.settings.json"), new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString());
    }
}

[CollectionDefinition(Name)]
public sealed class LocalStackCollection : ICollectionFixture<LocalStackFixture>
{
    public const string Name = "Local stack";
}
