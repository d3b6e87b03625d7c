using System.Diagnostics.Metrics;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// The function app's side of the telemetry contract (README "Telemetry contract", <c>infra/src/metricNames.ts</c>):
/// the dashboard and alerts query these instruments by name. Meter <c>Pipeline.Functions</c>.
/// </summary>
public static class FunctionMetrics
{
    /// <summary>The meter name to subscribe to (OpenTelemetry: <c>AddMeter("Pipeline.Functions")</c>).</summary>
    public const string MeterName = "Pipeline.Functions";

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> IngestEvents = Meter.CreateCounter<long>("pipeline.ingest.events", "{event}", "Events posted to ingest, by outcome (accepted, rejected, throttled, unavailable, too_large) and reason.");
    internal static readonly Histogram<long> IngestRequestBytes = Meter.CreateHistogram<long>("pipeline.ingest.request.bytes", "By", "Size of ingest request bodies.");
    internal static readonly Histogram<int> IngestBatchEvents = Meter.CreateHistogram<int>("pipeline.ingest.batch.events", "{event}", "Events per Event Hubs batch sent by ingest.");
    internal static readonly Histogram<double> EventHubsSendDuration = Meter.CreateHistogram<double>("pipeline.eventhubs.send.duration", "ms", "Duration of one Event Hubs batch send.");
    internal static readonly Counter<long> EventHubsThrottled = Meter.CreateCounter<long>("pipeline.eventhubs.throttled", "{send}", "Event Hubs sends refused with ServiceBusy after retries.");
    internal static readonly Histogram<double> EnqueuedToApplied = Meter.CreateHistogram<double>("pipeline.projector.enqueued_to_applied", "ms", "From Event Hubs enqueue to the event applied in the store.");
    internal static readonly Histogram<double> PostToApplied = Meter.CreateHistogram<double>("pipeline.e2e.post_to_applied", "ms", "From the CloudEvent's time to the event applied in the store.");
    internal static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("pipeline.deadletters", "{event}", "Events written to the dead-letter container.");
    internal static readonly Counter<long> DuplicatesSkipped = Meter.CreateCounter<long>("pipeline.duplicates_skipped", "{event}", "Events the store skipped as already applied (redeliveries, re-posts).");
}
