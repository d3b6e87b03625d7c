using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Wires OpenTelemetry into the app: which activity sources and meters are collected and where they are exported
/// (Azure Monitor, OTLP, Prometheus scrape, a JSON-lines span file), each only when its setting is present.
/// </summary>
internal static class TelemetryServices
{
    /// <summary>The Cosmos DB SDK's activity source (enabled by <c>DisableDistributedTracing = false</c>).</summary>
    private const string CosmosSdkSource = "Azure.Cosmos.Operation";

    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = Read(configuration);
        services.AddOptions<TelemetrySettings>().Configure(s => Copy(settings, s));
        services.AddSingleton<ConsumerLagMonitor>();
        if (!settings.ExportsTraces && !settings.ExportsMetrics)
        {
            return services;
        }

        // The Azure SDKs (Cosmos DB among them) publish their activities only behind this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService(settings.ServiceName));
        if (settings.ExportsTraces)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing
                    .AddSource(FunctionActivities.SourceName, EventHubsActivitySource.Name, StoreActivities.SourceName, CosmosSdkSource)
                    .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHousekeeping(context.Request.Path));
                if (settings.ApplicationInsightsConnectionString is { Length: > 0 } connectionString)
                {
                    tracing.AddAzureMonitorTraceExporter(options => ConfigureAzureMonitor(options, connectionString, settings.ApplicationInsightsAuthentication));
                }

                if (settings.OtlpEndpoint is { } otlp)
                {
                    tracing.AddOtlpExporter(options => options.Endpoint = otlp);
                }

                if (settings.SpanFile is { Length: > 0 } spanFile)
                {
                    // Simple (not batched) so a span is on disk as soon as it ends.
                    tracing.AddProcessor(new SimpleActivityExportProcessor(new JsonLinesSpanExporter(spanFile)));
                }
            });
        }

        if (settings.ExportsMetrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(FunctionMetrics.MeterName, StoreMetrics.MeterName);
                if (settings.ApplicationInsightsConnectionString is { Length: > 0 } connectionString)
                {
                    metrics.AddAzureMonitorMetricExporter(options => ConfigureAzureMonitor(options, connectionString, settings.ApplicationInsightsAuthentication));
                }

                if (settings.OtlpEndpoint is { } otlp)
                {
                    metrics.AddOtlpExporter(options => options.Endpoint = otlp);
                }

                if (settings.PrometheusEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> when <see cref="TelemetrySettings.PrometheusEndpoint"/> is on.</summary>
    public static void MapTelemetryEndpoints(WebApplication app)
    {
        if (Read(app.Configuration).PrometheusEndpoint)
        {
            app.MapPrometheusScrapingEndpoint();
        }
    }

    private static bool IsHousekeeping(PathString path) => path == "/" || path.StartsWithSegments("/metrics", StringComparison.Ordinal);

    private static void ConfigureAzureMonitor(AzureMonitorExporterOptions options, string connectionString, string? authentication)
    {
        options.ConnectionString = connectionString;
        options.Credential = ManagedIdentity(authentication);
    }

    /// <summary>The credential <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for (Entra ID when local auth is off), else none.</summary>
    private static TokenCredential? ManagedIdentity(string? authentication)
    {
        if (authentication is null || !authentication.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var clientId = authentication.Split(';').Select(part => part.Split('=', 2)).FirstOrDefault(kv => kv.Length == 2 && kv[0].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase))?[1].Trim();
        return clientId is { Length: > 0 } ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId)) : new DefaultAzureCredential();
    }

    private static TelemetrySettings Read(IConfiguration configuration)
    {
        var settings = new TelemetrySettings();
        configuration.GetSection("Telemetry").Bind(settings);
        settings.ApplicationInsightsConnectionString ??= configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } ai ? ai : null;
        settings.ApplicationInsightsAuthentication ??= configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] is { Length: > 0 } auth ? auth : null;
        settings.OtlpEndpoint ??= Uri.TryCreate(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var otlp) ? otlp : null;
        return settings;
    }

    private static void Copy(TelemetrySettings from, TelemetrySettings to)
    {
        to.ServiceName = from.ServiceName;
        to.ApplicationInsightsConnectionString = from.ApplicationInsightsConnectionString;
        to.ApplicationInsightsAuthentication = from.ApplicationInsightsAuthentication;
        to.OtlpEndpoint = from.OtlpEndpoint;
        to.PrometheusEndpoint = from.PrometheusEndpoint;
        to.SpanFile = from.SpanFile;
        to.LagRefreshInterval = from.LagRefreshInterval;
    }
}
