using System.Net.Security;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Pipeline.Cosmos.Configuration;

/// <summary>Builds the long-lived, thread-safe <see cref="CosmosClient"/> the store needs from <see cref="CosmosStoreOptions"/>.</summary>
public static class CosmosClientFactory
{
    /// <summary>The AppContext switch behind which Azure SDKs publish their activities to OpenTelemetry.</summary>
    public const string AzureSdkActivitySourceSwitch = "Azure.Experimental.EnableActivitySource";

    private static bool AzureSdkActivitiesPublished => AppContext.TryGetSwitch(AzureSdkActivitySourceSwitch, out var on) && on;

    /// <summary>
    /// Creates a client: account key when one is configured (emulators), otherwise Entra ID (Azure). The SDK traces its
    /// operations only when <see cref="AzureSdkActivitySourceSwitch"/> is on when the client is created.
    /// </summary>
    public static CosmosClient Create(CosmosStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "pipeline",
            ConnectionMode = options.UseGatewayMode ? ConnectionMode.Gateway : ConnectionMode.Direct,
            // An emulator is one endpoint; never follow the account's advertised regions elsewhere.
            LimitToEndpoint = options.UseGatewayMode,
            MaxRetryAttemptsOnRateLimitedRequests = options.SdkThrottleRetries,
            EnableContentResponseOnWrite = false,
            AllowBulkExecution = options.BulkExecution,
            // With distributed tracing on, the SDK starts an Activity for every operation whether or not anything listens,
            // and HttpClient then creates and propagates a child Activity per request (a few % of a projector's CPU). Its
            // spans on "Azure.Cosmos.Operation" reach a tracer only behind the Azure SDKs' activity-source switch, which the
            // function app sets when it exports telemetry; without the switch the work would be wasted.
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions
            {
                DisableDistributedTracing = !AzureSdkActivitiesPublished,
                DisableSendingMetricsToService = true,
            },
        };

        if (options.TrustedCertificateThumbprint is { } thumbprint)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new SocketsHttpHandler
            {
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None
                        || string.Equals(certificate?.GetCertHashString(), thumbprint.Replace(":", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase),
                },
            });
        }

        var endpoint = options.AccountEndpoint!.ToString();
        return options.AccountKey is { Length: > 0 } key
            ? new CosmosClient(endpoint, key, clientOptions)
            : new CosmosClient(endpoint, options.Credential ?? new DefaultAzureCredential(), clientOptions);
    }
}
