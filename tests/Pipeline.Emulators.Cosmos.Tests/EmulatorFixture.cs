using System.Net;
using Microsoft.Azure.Cosmos;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

/// <summary>One in-memory emulator on a free loopback port, shared by a test class, plus a Gateway-mode SDK client.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public CosmosEmulator Emulator { get; private set; } = null!;

    public CosmosClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false });
        await Emulator.StartAsync();
        Client = Clients.For(Emulator);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }

    /// <summary>A fresh container (partition key /pk) in a fresh database, so tests never see each other's items.</summary>
    public async Task<Container> NewContainerAsync(Action<ContainerProperties>? configure = null, int? throughput = null)
    {
        var database = (await Client.CreateDatabaseIfNotExistsAsync("db-" + Guid.NewGuid().ToString("N")[..8])).Database;
        var properties = new ContainerProperties("c-" + Guid.NewGuid().ToString("N")[..8], "/pk");
        configure?.Invoke(properties);
        return (await database.CreateContainerAsync(properties, throughput)).Container;
    }
}

/// <summary>How tests build SDK clients: Gateway mode, trusting the emulator's own certificate over HTTPS.</summary>
public static class Clients
{
    public static CosmosClient For(CosmosEmulator emulator, Action<CosmosClientOptions>? configure = null)
    {
        var options = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            LimitToEndpoint = true,
        };
        if (emulator.Certificate is { } certificate)
        {
            // Trust exactly the emulator's self-signed certificate, nothing else.
            options.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                    errors == System.Net.Security.SslPolicyErrors.None || presented?.GetCertHashString() == certificate.GetCertHashString() },
            });
        }

        configure?.Invoke(options);
        return new CosmosClient(emulator.Endpoint.ToString(), emulator.AccountKey, options);
    }
}
