using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Cosmos;
using Pipeline.Core.Projections.Summary;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.DeadLetters;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Provisioning;
using Pipeline.Cosmos.Streams;
using Pipeline.Emulators.Cosmos;
using Pipeline.Testing;

namespace Pipeline.Cosmos.Tests;

/// <summary>
/// The store with bulk execution (<see cref="CosmosStoreOptions.BulkExecution"/>) keeps every semantic of point requests,
/// whether only each append's first request goes through the bulk client or the whole store sits on it.
/// </summary>
public sealed class BulkExecutionTests(StoreFixture fixture) : IClassFixture<StoreFixture>, IDisposable
{
    private readonly List<CosmosClient> bulkClients = [];

    public void Dispose() => bulkClients.ForEach(c => c.Dispose());

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_appends_to_many_streams_are_all_stored_in_order(bool everything)
    {
        var test = await NewStoreAsync(everything);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(s => Task.Run(async () =>
        {
            for (var k = 0; k < 3; k++)
            {
                await test.Store.AppendAsync($"s{s}", ExpectedVersion.Any, TestEvents.Many(2, prefix: $"s{s}-{k}", subject: $"s{s}"));
            }
        })));

        var page = await test.Store.ReadEventsAsync("s17");
        Assert.Equal(6, page.StreamVersion);
        Assert.Equal(new[] { "s17-0-1", "s17-0-2", "s17-1-1", "s17-1-2", "s17-2-1", "s17-2-2" }, page.Events.Select(TestEvents.IdOf));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Racing_writers_on_one_new_stream_retry_lost_creates_and_replaces_and_lose_no_event(bool everything)
    {
        var test = await NewStoreAsync(everything, o => o.MaxTipEvents = 10);
        var writers = Enumerable.Range(0, 5).Select(_ => Another(test, everything, o => o.MaxTipEvents = 10)).ToList();

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var k = 0; k < 6; k++)
            {
                await writer.AppendAsync("hot", ExpectedVersion.Any, TestEvents.Many(2, prefix: $"w{w}-{k}", subject: "hot"));
            }
        })));

        var page = await test.Store.ReadEventsAsync("hot", 1, 1000);
        Assert.Equal(60, page.StreamVersion);
        Assert.Equal(Enumerable.Range(1, 60).Select(v => (long)v), page.Events.Select(e => e.Version));
        Assert.Equal(60, page.Events.Select(TestEvents.IdOf).Distinct().Count());
        var state = (await test.Store.ReadStreamAsync("hot")).State!;
        Assert.Equal(60, ((SummaryState)state.FindProjection("summary")!.Deserialize(new SummaryProjection())).TotalCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stale_expected_version_is_a_wrong_expected_version_with_the_current_one(bool everything)
    {
        var test = await NewStoreAsync(everything);
        await test.Store.AppendAsync("s", ExpectedVersion.NoStream, TestEvents.Many(2));
        var other = Another(test, everything);
        await other.AppendAsync("s", ExpectedVersion.Exact(2), TestEvents.Many(1, first: 3));

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => other.AppendAsync("s", ExpectedVersion.Exact(2), TestEvents.Many(1, prefix: "late")));
        Assert.Equal(3, error.CurrentVersion);
        var created = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => test.Store.AppendAsync("s", ExpectedVersion.NoStream, TestEvents.Many(1, prefix: "new")));
        Assert.Equal(3, created.CurrentVersion);
    }

    [Fact]
    public async Task A_redelivered_dead_letter_is_recognised_by_its_409()
    {
        var test = await fixture.NewStoreAsync(o => o.BulkExecution = true);
        var deadLetters = new DeadLetterStore(test.Client, test.Options);
        var coordinates = new EventHubsCoordinates("1", 7, "70", DateTimeOffset.UnixEpoch);

        Assert.True(await deadLetters.WriteAsync("bad", Encoding.UTF8.GetBytes("{"), coordinates));
        Assert.False(await deadLetters.WriteAsync("bad", Encoding.UTF8.GetBytes("{"), coordinates));
    }

    [Fact]
    public async Task Throttled_bulk_operations_are_retried_by_the_store_and_succeed()
    {
        var throttled = new ConcurrentBag<string>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StoreMetrics.MeterName && instrument.Name == StoreMetrics.ThrottledInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => throttled.Add(tags.ToArray().FirstOrDefault(t => t.Key == "operation").Value as string ?? "?"));
        listener.Start();
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = FreePort.Next(), UseHttps = false, EnforceThroughput = true });
        await emulator.StartAsync();
        var options = new CosmosStoreOptions
        {
            AccountEndpoint = emulator.Endpoint,
            AccountKey = emulator.AccountKey,
            UseGatewayMode = true,
            BulkExecution = true,
            SdkThrottleRetries = 0,
            MaxThrottleRetries = 30,
            ThrottleBackoff = TimeSpan.FromMilliseconds(20),
        };
        using var client = CosmosClientFactory.Create(options);
        await StoreProvisioner.EnsureCreatedAsync(client, options, databaseThroughput: 400);
        // Every request through the bulk client, so throttling hits batch requests (a 429 for all of their operations).
        var store = new CosmosEventStore(client, options);

        // Incompressible 4 KB payloads make every tip create cost ~25 RU, so 60 of them need about four seconds of 400 RU/s.
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(k => store.AppendAsync(
            $"s-{k}",
            ExpectedVersion.NoStream,
            [TestEvents.Event($"big-{k}", $"s-{k}", data: new System.Text.Json.Nodes.JsonObject { ["blob"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(3000)) })])));

        Assert.All(results, r => Assert.Equal(1, r.Version));
        Assert.NotEmpty(throttled);
    }

    /// <summary>A store whose appends start on a bulk client (or, with <paramref name="everything"/>, that sits on it).</summary>
    private async Task<TestStore> NewStoreAsync(bool everything, Action<CosmosStoreOptions>? configure = null)
    {
        var test = await fixture.NewStoreAsync(o =>
        {
            o.BulkExecution = everything;
            configure?.Invoke(o);
        });
        return everything ? test : test with { Store = new CosmosEventStore(test.Client, test.Options, BulkClient(test)) };
    }

    private CosmosEventStore Another(TestStore test, bool everything, Action<CosmosStoreOptions>? configure = null)
    {
        if (everything)
        {
            return test.Another(o =>
            {
                o.BulkExecution = true;
                configure?.Invoke(o);
            });
        }

        var options = fixture.Options(o =>
        {
            o.DatabaseName = test.Options.DatabaseName;
            configure?.Invoke(o);
        });
        return new CosmosEventStore(test.Client, options, BulkClient(test));
    }

    private CosmosClient BulkClient(TestStore test)
    {
        var client = CosmosClientFactory.Create(fixture.Options(o =>
        {
            o.DatabaseName = test.Options.DatabaseName;
            o.BulkExecution = true;
        }));
        lock (bulkClients)
        {
            bulkClients.Add(client);
        }

        return client;
    }
}
