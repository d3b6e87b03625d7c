using System.Net.Security;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Pipeline.Cosmos.Configuration;

/// <summary>Builds the long-lived, thread-safe <see cref="CosmosClient"/> the store needs from <see cref="CosmosStoreOptions"/>.</summary>
public static class CosmosClientFactory
{
    /// <summary>Creates a client: account key when one is configured (emulators), otherwise Entra ID (Azure).</summary>
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
            // Spans on the SDK's "Azure.Cosmos.Operation" source; they cost nothing unless a tracer listens.
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions { DisableDistributedTracing = false },
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
