using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pipeline.Cosmos;
using Pipeline.Cosmos.DeadLetters;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Projection;
using Pipeline.Functions.Telemetry;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class ProjectorTests(LocalStackFixture stack)
{
    [Fact]
    public async Task A_batch_with_a_poison_event_and_a_duplicate_applies_the_rest_and_reports_both_in_metrics()
    {
        var viewer = "viewer-projector-" + Guid.NewGuid().ToString("N")[..6];
        var started = PlaybackEvents.Event(viewer, "playback.started", new System.Text.Json.Nodes.JsonObject { ["titleId"] = "t" }).ToJsonString();
        var batch = EventHubTriggerBatch.Parse(TriggerEnvelopeTests.Envelope(started, "garbage", started));
        var projector = new Projector(
            new CosmosEventStore(stack.CosmosClient, stack.StoreOptions),
            new DeadLetterStore(stack.CosmosClient, stack.StoreOptions),
            Options.Create(new CosmosSettings { BulkExecution = false }),
            NullLogger<Projector>.Instance);
        var measured = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FunctionMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (measured)
            {
                measured[instrument.Name] = measured.GetValueOrDefault(instrument.Name) + value;
            }
        });
        listener.Start();

        var outcome = await projector.ProjectAsync(batch, CancellationToken.None);

        Assert.Equal(new ProjectionOutcome(1, 1, 1, 1), outcome);
        Assert.Equal(1, measured.GetValueOrDefault("pipeline.deadletters"));
        Assert.Equal(1, measured.GetValueOrDefault("pipeline.duplicates_skipped"));

        // The same batch again (a redelivery) changes nothing and dead-letters nothing twice.
        var again = await projector.ProjectAsync(batch, CancellationToken.None);
        Assert.Equal(0, again.Appended);
        Assert.Equal(1, measured.GetValueOrDefault("pipeline.deadletters"));
        var state = await new CosmosEventStore(stack.CosmosClient, stack.StoreOptions).ReadStreamAsync(viewer);
        Assert.Equal(1, state.State!.Version);
    }
}
