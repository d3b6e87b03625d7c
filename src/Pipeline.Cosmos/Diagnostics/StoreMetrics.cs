using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Cosmos.Diagnostics;

/// <summary>The store's instruments: request units per Cosmos DB operation and throttled requests, on the meter <c>Pipeline.Cosmos</c>.</summary>
public static class StoreMetrics
{
    /// <summary>The meter name to subscribe to (OpenTelemetry: <c>AddMeter("Pipeline.Cosmos")</c>).</summary>
    public const string MeterName = "Pipeline.Cosmos";

    /// <summary>Histogram of request charges in RU, tagged with <c>operation</c>.</summary>
    public const string RequestChargeInstrument = "pipeline.cosmos.request_charge";

    /// <summary>Counter of 429 responses that reached the store, tagged with <c>operation</c>.</summary>
    public const string ThrottledInstrument = "pipeline.cosmos.throttled";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<double> RequestCharge = Meter.CreateHistogram<double>(RequestChargeInstrument, "{request_unit}", "Request units charged by Cosmos DB per request.");
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(ThrottledInstrument, "{request}", "Requests Cosmos DB answered with 429 after the SDK's own retries.");

    internal static void RecordCharge(string operation, double requestUnits) =>
        RequestCharge.Record(requestUnits, new TagList { { "operation", operation } });

    internal static void RecordThrottled(string operation) =>
        Throttled.Add(1, new TagList { { "operation", operation } });
}
