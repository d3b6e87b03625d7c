using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Emulators.Cosmos;
using Pipeline.Testing;

namespace Pipeline.Cosmos.Tests;

/// <summary>One in-process Cosmos emulator on a free loopback port per test class; each store gets its own database.</summary>
public sealed class StoreFixture : IAsyncLifetime
{
    private readonly List<CosmosClient> clients = [];

    public CosmosEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await Emulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        lock (clients)
        {
            clients.ForEach(c => c.Dispose());
        }

        await Emulator.DisposeAsync();
    }

    public CosmosStoreOptions Options(Action<CosmosStoreOptions>? configure = null)
    {
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = Emulator.Endpoint,
            AccountKey = Emulator.AccountKey,
            UseGatewayMode = true,
            DatabaseName = "db-" + Guid.NewGuid().ToString("N")[..10],
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>A store on a fresh, provisioned database; the client lives as long as the fixture's emulator.</summary>
    public async Task<TestStore> NewStoreAsync(Action<CosmosStoreOptions>? configure = null, int? throughput = null)
    {
        var options = Options(configure);
        var client = CosmosClientFactory.Create(options);
        lock (clients)
        {
            clients.Add(client);
        }

        await StoreProvisioner.EnsureCreatedAsync(client, options, throughput);
        return new TestStore(new CosmosEventStore(client, options), client, options);
    }
}

/// <summary>A store under test with the client and options it was built from (to build a second store on the same data).</summary>
public sealed record TestStore(CosmosEventStore Store, CosmosClient Client, CosmosStoreOptions Options)
{
    public Container Events => Client.GetContainer(Options.DatabaseName, Options.EventsContainer);

    /// <summary>Another store instance (its own tip cache) on the same database, optionally with other options.</summary>
    public CosmosEventStore Another(Action<CosmosStoreOptions>? configure = null)
    {
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = Options.AccountEndpoint,
            AccountKey = Options.AccountKey,
            UseGatewayMode = true,
            DatabaseName = Options.DatabaseName,
            MaxTipEvents = Options.MaxTipEvents,
            CompressEvents = Options.CompressEvents,
            Projections = Options.Projections,
        };
        configure?.Invoke(options);
        return new CosmosEventStore(Client, options);
    }
}
