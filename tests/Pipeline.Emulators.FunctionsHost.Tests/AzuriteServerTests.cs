using Azure.Storage.Blobs;
using Pipeline.Emulators.Azurite;
using Pipeline.Testing;

namespace Pipeline.Emulators.FunctionsHost.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteServerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Connection_string_reaches_the_blob_service_with_the_development_account()
    {
        var container = new BlobServiceClient(azurite.Server.ConnectionString).GetBlobContainerClient("probe-" + Guid.NewGuid().ToString("N")[..8]);

        await container.CreateAsync();
        await container.GetBlobClient("a").UploadAsync(BinaryData.FromString("x"));

        Assert.Equal("x", (await container.GetBlobClient("a").DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal($"/{DevelopmentStorageAccount.Name}", azurite.Server.BlobEndpoint.AbsolutePath);
    }

    [Fact]
    public async Task Missing_installation_is_a_clear_start_error()
    {
        var error = await Assert.ThrowsAsync<AzuriteStartException>(() =>
            AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = Path.GetTempPath(), InMemory = true }));

        Assert.Contains("Azurite is not installed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_stops_the_process()
    {
        var server = await AzuriteServer.StartAsync(new AzuriteOptions { RepositoryRoot = RepositoryRoot.Path, InMemory = true, StartTimeout = TimeSpan.FromMinutes(2) });
        var pid = server.ProcessId;

        await server.DisposeAsync();

        // Checked by process, not by port: once freed, the port may be handed to another test's server (or to the
        // probing client's own ephemeral end) running in parallel.
        Assert.False(IsRunning(pid), $"Azurite (pid {pid}) is still running after dispose.");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
