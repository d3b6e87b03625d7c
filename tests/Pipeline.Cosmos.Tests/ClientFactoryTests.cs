using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Cosmos.Streams;
using Pipeline.Emulators.Cosmos;
using Pipeline.Testing;

namespace Pipeline.Cosmos.Tests;

public sealed class ClientFactoryTests
{
    [Fact]
    public async Task The_factory_trusts_an_emulator_certificate_pinned_by_thumbprint_over_https()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = true });
        await emulator.StartAsync();
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = emulator.Endpoint,
            AccountKey = emulator.AccountKey,
            UseGatewayMode = true,
            TrustedCertificateThumbprint = emulator.Certificate!.GetCertHashString(),
        };
        using var client = CosmosClientFactory.Create(options);
        await StoreProvisioner.EnsureCreatedAsync(client, options);

        var result = await new CosmosEventStore(client, options).AppendAsync("tls", ExpectedVersion.NoStream, TestEvents.Many(1, subject: "tls"));

        Assert.Equal("https", emulator.Endpoint.Scheme);
        Assert.Equal(1, result.Version);
    }
}
