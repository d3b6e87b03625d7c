using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Emulators.Cosmos.Auth;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Handlers;
using Pipeline.Emulators.Cosmos.Storage;
using Pipeline.Emulators.Cosmos.Transport;

namespace Pipeline.Emulators.Cosmos;

/// <summary>
/// An in-process Cosmos DB (NoSQL API) gateway that the official SDKs talk to unmodified: start it, point a
/// `CosmosClient` at <see cref="Endpoint"/> with <see cref="AccountKey"/>, dispose it when done.
/// </summary>
public sealed class CosmosEmulator : IAsyncDisposable
{
    private readonly CosmosEmulatorOptions options;
    private WebApplication? app;
    private ResourceCatalog? catalog;
    private TtlSweeper? sweeper;

    public CosmosEmulator(CosmosEmulatorOptions? options = null)
    {
        this.options = options ?? new CosmosEmulatorOptions();
    }

    /// <summary>The bound endpoint, e.g. https://127.0.0.1:8081/ (available after <see cref="StartAsync"/>).</summary>
    public Uri Endpoint { get; private set; } = new("https://127.0.0.1:8081/");

    public string AccountKey => options.AccountKey;

    /// <summary>A connection string for `new CosmosClient(connectionString)`.</summary>
    public string ConnectionString => $"AccountEndpoint={Endpoint};AccountKey={AccountKey};";

    /// <summary>The TLS certificate served (null over HTTP); clients that do not trust it can pin it.</summary>
    public X509Certificate2? Certificate { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (app is not null)
        {
            throw new InvalidOperationException("The emulator is already started.");
        }

        var time = options.Time;
        catalog = new ResourceCatalog(options.DataDirectory, options.SnapshotThresholdBytes, options.FlushToDisk);
        Certificate = options.UseHttps ? EmulatorCertificate.LoadOrCreate(options.DataDirectory) : null;
        var router = new GatewayRouter(
            catalog,
            new MasterKeyAuthenticator(options.AccountKey),
            options.EnforceThroughput ? new ThroughputGovernor(time) : null,
            time);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = GatewayRequest.MaxBodyBytes + (64 * 1024);
            kestrel.Listen(options.ListenAddress, options.Port, listen =>
            {
                if (Certificate is not null)
                {
                    listen.UseHttps(Certificate);
                }
            });
        });
        app = builder.Build();
        app.Run(router.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        var host = options.ListenAddress.Equals(IPAddress.Any) || options.ListenAddress.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : options.ListenAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.ListenAddress}]" : options.ListenAddress.ToString();
        Endpoint = new Uri($"{(Certificate is null ? "http" : "https")}://{host}:{port}/");
        sweeper = new TtlSweeper(catalog, options.TtlSweepInterval, time);
    }

    public async ValueTask DisposeAsync()
    {
        if (sweeper is not null)
        {
            await sweeper.DisposeAsync().ConfigureAwait(false);
        }

        if (app is not null)
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        catalog?.Dispose();
        Certificate?.Dispose();
        app = null;
    }
}
