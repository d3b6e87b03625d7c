using Azure.Storage.Blobs;
using Pipeline.Emulators.Azurite;
using Pipeline.Testing;

namespace Pipeline.Emulators.FunctionsHost.Tests;

/// <summary>One in-memory Azurite for the test collection: checkpoints and ownership go through the real Blob API.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? _server;

    public AzuriteServer Server => _server ?? throw new InvalidOperationException("Azurite did not start.");

    public BlobServiceClient Blobs => new(Server.ConnectionString);

    public async Task InitializeAsync() =>
        _server = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = RepositoryRoot.Path, InMemory = true, StartTimeout = TimeSpan.FromMinutes(2) });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
