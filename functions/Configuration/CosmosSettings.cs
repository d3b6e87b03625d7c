namespace Pipeline.Functions.Configuration;

/// <summary>
/// The event store's account from the <c>CosmosDb__*</c> app settings: <c>accountEndpoint</c> always, <c>accountKey</c>
/// only locally (Entra ID otherwise), and the knobs an emulator needs (gateway mode, its self-signed certificate).
/// </summary>
public sealed class CosmosSettings
{
    /// <summary>The account endpoint (https://…documents.azure.com:443/, or the emulator's http/https address).</summary>
    public Uri? AccountEndpoint { get; set; }

    /// <summary>The account key (emulator); empty in Azure, where the managed identity is used.</summary>
    public string? AccountKey { get; set; }

    /// <summary>The store's database.</summary>
    public string DatabaseName { get; set; } = "pipeline";

    /// <summary>Talk to the gateway only (emulators have no direct-mode replicas).</summary>
    public bool UseGatewayMode { get; set; }

    /// <summary>
    /// Send each append's first request through a second client with bulk execution (<c>CosmosStoreOptions.BulkExecution</c>):
    /// the projector's concurrent tip writes then share batch requests, far less CPU per event on both sides, for up to
    /// ~100 ms more latency per append. Reads and queries always use point requests.
    /// </summary>
    public bool BulkExecution { get; set; } = true;

    /// <summary>SHA-1 thumbprint of the emulator's self-signed certificate to trust (not needed for its HTTP endpoint).</summary>
    public string? TrustedCertificateThumbprint { get; set; }
}
