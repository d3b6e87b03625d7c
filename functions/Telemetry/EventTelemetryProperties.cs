using System.Diagnostics;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// The application properties ingest stamps on every event so the projector can continue its trace and measure
/// POST-to-applied latency: the request's W3C trace context and the time ingest accepted the request.
/// </summary>
internal static class EventTelemetryProperties
{
    /// <summary>Milliseconds since the Unix epoch at which ingest accepted the request (a long).</summary>
    public const string AcceptedAt = "pipeline-accepted-at";

    public static void Stamp(EventData data, string? traceParent, DateTimeOffset acceptedAt)
    {
        data.Properties[AcceptedAt] = acceptedAt.ToUnixTimeMilliseconds();
        if (traceParent is not null)
        {
            data.Properties[EventHubsActivitySource.DiagnosticIdProperty] = traceParent;
            data.Properties[EventHubsActivitySource.TraceParentProperty] = traceParent;
        }
    }

    /// <summary>Parses a W3C <c>traceparent</c>; default when absent or malformed.</summary>
    public static ActivityContext ParseContext(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
