namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Where the app's traces and metrics go (<c>Telemetry__*</c> app settings, plus the standard
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> and <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Every exporter is opt-in.
/// </summary>
public sealed class TelemetrySettings
{
    /// <summary>The OpenTelemetry resource's <c>service.name</c>.</summary>
    public string ServiceName { get; set; } = "pipeline-functions";

    /// <summary>Application Insights connection string; when set, traces and metrics go to Azure Monitor.</summary>
    public string? ApplicationInsightsConnectionString { get; set; }

    /// <summary>
    /// Application Insights authentication (<c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>, e.g.
    /// <c>Authorization=AAD;ClientId=…</c>): with AAD the exporter signs in with the managed identity.
    /// </summary>
    public string? ApplicationInsightsAuthentication { get; set; }

    /// <summary>OTLP collector endpoint; when set, traces and metrics are also sent there.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>
    /// Serves the Prometheus text format on <c>GET /metrics</c> of the handler. Off by default: the Functions host only
    /// forwards function routes, so the endpoint is reachable only on the handler's own loopback port (local runs).
    /// </summary>
    public bool PrometheusEndpoint { get; set; }

    /// <summary>Appends every finished span as one JSON line to this file (local debugging and tests); unset in Azure.</summary>
    public string? SpanFile { get; set; }

    /// <summary>How often the projector asks Event Hubs for a partition's last enqueued sequence number, at most.</summary>
    public TimeSpan LagRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether any trace exporter is configured (otherwise no spans are recorded at all).</summary>
    public bool ExportsTraces => ApplicationInsightsConnectionString is { Length: > 0 } || OtlpEndpoint is not null || SpanFile is { Length: > 0 };

    /// <summary>Whether any metric exporter is configured.</summary>
    public bool ExportsMetrics => ApplicationInsightsConnectionString is { Length: > 0 } || OtlpEndpoint is not null || PrometheusEndpoint;
}
