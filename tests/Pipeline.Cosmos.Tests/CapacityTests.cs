using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Cosmos.Requests;
using Pipeline.Cosmos.Streams;
using Pipeline.Emulators.Cosmos;
using Pipeline.Testing;

namespace Pipeline.Cosmos.Tests;

public sealed class CapacityTests(StoreFixture fixture) : IClassFixture<StoreFixture>, IDisposable
{
    private readonly ConcurrentBag<(string Instrument, double Value, string? Operation)> measurements = [];
    private MeterListener? listener;

    [Fact]
    public async Task Every_request_charge_is_recorded_on_the_pipeline_cosmos_meter_by_operation()
    {
        Listen();
        var (store, _, _) = await fixture.NewStoreAsync();

        var append = await store.AppendAsync("metered", ExpectedVersion.Any, TestEvents.Many(2, subject: "metered"));
        var read = await store.ReadStreamAsync("metered");

        Assert.Contains(measurements, m => m is { Instrument: StoreMetrics.RequestChargeInstrument, Operation: OperationNames.CreateTip } && m.Value > 0);
        Assert.Contains(measurements, m => m is { Instrument: StoreMetrics.RequestChargeInstrument, Operation: OperationNames.ReadTip } && m.Value == read.RequestCharge);
        Assert.True(append.RequestCharge >= 5, $"a tip create costs at least 5 RU, reported {append.RequestCharge}");
    }

    [Fact]
    public async Task Throttled_requests_are_retried_with_backoff_counted_and_succeed()
    {
        Listen();
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false, EnforceThroughput = true });
        await emulator.StartAsync();
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = emulator.Endpoint,
            AccountKey = emulator.AccountKey,
            UseGatewayMode = true,
            SdkThrottleRetries = 0,
            MaxThrottleRetries = 30,
            ThrottleBackoff = TimeSpan.FromMilliseconds(20),
        };
        using var client = CosmosClientFactory.Create(options);
        await StoreProvisioner.EnsureCreatedAsync(client, options, databaseThroughput: 400);
        var store = new CosmosEventStore(client, options);

        // Incompressible 4 KB payloads make every tip create cost ~25 RU, so 60 of them need about four seconds of 400 RU/s.
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(k => store.AppendAsync(
            $"s-{k}",
            ExpectedVersion.NoStream,
            [TestEvents.Event($"big-{k}", $"s-{k}", data: new System.Text.Json.Nodes.JsonObject { ["blob"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(3000)) })])));

        Assert.All(results, r => Assert.Equal(1, r.Version));
        Assert.Contains(measurements, m => m.Instrument == StoreMetrics.ThrottledInstrument && m.Operation is OperationNames.CreateTip or OperationNames.ReadTip);
    }

    public void Dispose() => listener?.Dispose();

    private void Listen()
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Operation(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Operation(tags))));
        listener.Start();
    }

    private static string? Operation(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "operation")
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
