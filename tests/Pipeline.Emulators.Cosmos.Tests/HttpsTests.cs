using System.Net;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests;

public sealed class HttpsTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cosmos-emulator-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Https_with_the_self_signed_certificate_serves_the_sdk_and_keeps_the_certificate()
    {
        string thumbprint;
        await using (var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, DataDirectory = directory }))
        {
            await emulator.StartAsync();
            Assert.Equal("https", emulator.Endpoint.Scheme);
            Assert.NotEqual(0, emulator.Endpoint.Port);
            thumbprint = emulator.Certificate!.Thumbprint;
            using var client = Clients.For(emulator);
            var container = (await (await client.CreateDatabaseAsync("tls")).Database.CreateContainerAsync("c", "/pk")).Container;
            var created = await container.CreateItemAsync(new JObject { ["id"] = "a", ["pk"] = "p" }, new PartitionKey("p"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.True(File.Exists(Path.Combine(directory, "cosmos-emulator.pfx")));
        await using (var again = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), DataDirectory = directory }))
        {
            await again.StartAsync();
            Assert.Equal(thumbprint, again.Certificate!.Thumbprint);
        }
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next() });
        await emulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.Endpoint };
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("/", UriKind.Relative)));
    }
}
