using System.Diagnostics.Metrics;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// The function app's side of the telemetry contract (README "Observability", <c>infra/src/metricNames.ts</c>):
/// the dashboards and alerts query these instruments by name. Meter <c>Pipeline.Functions</c>; units follow the
/// OpenTelemetry semantic conventions (durations in seconds, sizes in bytes, counts as <c>{annotation}</c>).
/// </summary>
public static class FunctionMetrics
{
    /// <summary>The meter name to subscribe to (OpenTelemetry: <c>AddMeter("Pipeline.Functions")</c>).</summary>
    public const string MeterName = "Pipeline.Functions";

    /// <summary>The consumer lag gauge's name; tagged with <c>partition</c>.</summary>
    public const string LagInstrument = "pipeline.projector.lag";

    // Latencies from milliseconds (an in-process send) to minutes (a backlog draining).
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
    private static readonly double[] ByteBuckets = [256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];
    private static readonly double[] CountBuckets = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

    private static readonly Meter Meter = new(MeterName);

    internal static readonly Counter<long> IngestEvents = Meter.CreateCounter<long>("pipeline.ingest.events", "{event}", "Events posted to ingest, by outcome (accepted, rejected, throttled, unavailable, too_large) and reason.");
    internal static readonly Histogram<long> IngestRequestBytes = Meter.CreateHistogram("pipeline.ingest.request.bytes", "By", "Size of ingest request bodies.", advice: Advice(ByteBuckets, b => (long)b));
    internal static readonly Histogram<int> IngestBatchEvents = Meter.CreateHistogram("pipeline.ingest.batch.events", "{event}", "Events per Event Hubs batch sent by ingest.", advice: Advice(CountBuckets, b => (int)b));
    internal static readonly Histogram<double> EventHubsSendDuration = Meter.CreateHistogram("pipeline.eventhubs.send.duration", "s", "Duration of one Event Hubs batch send.", advice: Advice(LatencyBuckets, b => b));
    internal static readonly Counter<long> EventHubsThrottled = Meter.CreateCounter<long>("pipeline.eventhubs.throttled", "{send}", "Event Hubs sends refused with ServiceBusy after retries.");
    internal static readonly Histogram<double> EnqueuedToApplied = Meter.CreateHistogram("pipeline.projector.enqueued_to_applied", "s", "From Event Hubs enqueue to the event applied in the store.", advice: Advice(LatencyBuckets, b => b));
    internal static readonly Histogram<double> PostToApplied = Meter.CreateHistogram("pipeline.e2e.post_to_applied", "s", "From ingest accepting the POST to the event applied in the store.", advice: Advice(LatencyBuckets, b => b));
    internal static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("pipeline.deadletters", "{event}", "Events written to the dead-letter container.");
    internal static readonly Counter<long> DuplicatesSkipped = Meter.CreateCounter<long>("pipeline.duplicates_skipped", "{event}", "Events the store skipped as already applied (redeliveries, re-posts).");

    /// <summary>Publishes the consumer lag gauge, observed from <paramref name="observe"/> at each collection.</summary>
    internal static ObservableGauge<long> ObserveLag(Func<IEnumerable<Measurement<long>>> observe) =>
        Meter.CreateObservableGauge(LagInstrument, observe, "{event}", "Events between a partition's last enqueued and last projected sequence numbers.");

    private static InstrumentAdvice<T> Advice<T>(double[] buckets, Func<double, T> convert)
        where T : struct => new() { HistogramBucketBoundaries = buckets.Select(convert).ToArray() };
}
