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

    [Fact]
    public void A_bulk_copy_of_the_options_turns_bulk_execution_on_for_its_client_only()
    {
        var options = new CosmosStoreOptions { AccountEndpoint = new Uri("http://127.0.0.1:1/"), AccountKey = CosmosEmulatorOptions.WellKnownKey, UseGatewayMode = true, MaxTipEvents = 7 };

        var bulk = options.WithBulkExecution();
        using var client = CosmosClientFactory.Create(options);
        using var bulkClient = CosmosClientFactory.Create(bulk);

        Assert.False(options.BulkExecution);
        Assert.True(bulk.BulkExecution);
        Assert.Equal(7, bulk.MaxTipEvents);
        Assert.Equal(options.AccountEndpoint, bulk.AccountEndpoint);
        Assert.False(client.ClientOptions.AllowBulkExecution);
        Assert.True(bulkClient.ClientOptions.AllowBulkExecution);
    }

    [Fact]
    public void The_sdk_traces_its_operations_only_when_azure_sdk_activities_are_published()
    {
        var options = new CosmosStoreOptions { AccountEndpoint = new Uri("http://127.0.0.1:1/"), AccountKey = CosmosEmulatorOptions.WellKnownKey, UseGatewayMode = true };
        var before = AppContext.TryGetSwitch(CosmosClientFactory.AzureSdkActivitySourceSwitch, out var on) && on;
        try
        {
            AppContext.SetSwitch(CosmosClientFactory.AzureSdkActivitySourceSwitch, false);
            using (var quiet = CosmosClientFactory.Create(options))
            {
                Assert.True(quiet.ClientOptions.CosmosClientTelemetryOptions.DisableDistributedTracing);
            }

            AppContext.SetSwitch(CosmosClientFactory.AzureSdkActivitySourceSwitch, true);
            using var traced = CosmosClientFactory.Create(options);
            Assert.False(traced.ClientOptions.CosmosClientTelemetryOptions.DisableDistributedTracing);
        }
        finally
        {
            AppContext.SetSwitch(CosmosClientFactory.AzureSdkActivitySourceSwitch, before);
        }
    }
}
