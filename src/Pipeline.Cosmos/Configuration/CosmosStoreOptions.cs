using Azure.Core;
using Pipeline.Core.Projections;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Configuration;

/// <summary>Where the store's Cosmos DB account is, how to authenticate, and the bounds of the storage model; defaults suit Azure.</summary>
public sealed class CosmosStoreOptions
{
    /// <summary>The account endpoint, e.g. https://myaccount.documents.azure.com:443/ or the emulator's address.</summary>
    public Uri? AccountEndpoint { get; set; }

    /// <summary>The account key (emulators); when null, <see cref="Credential"/> or <c>DefaultAzureCredential</c> is used (Azure, managed identity).</summary>
    public string? AccountKey { get; set; }

    /// <summary>The Entra ID credential for Azure; null means <c>DefaultAzureCredential</c> when there is no account key.</summary>
    public TokenCredential? Credential { get; set; }

    /// <summary>The database holding the store's containers.</summary>
    public string DatabaseName { get; set; } = "pipeline";

    /// <summary>The container of tips and batches, partitioned on <c>/streamId</c>.</summary>
    public string EventsContainer { get; set; } = "events";

    /// <summary>The container of poison events, partitioned on <c>/partitionId</c>.</summary>
    public string DeadLettersContainer { get; set; } = "deadletters";

    /// <summary>The change feed processor's lease container, partitioned on <c>/id</c>.</summary>
    public string LeasesContainer { get; set; } = "leases";

    /// <summary>Use Gateway mode (HTTPS to one endpoint) instead of Direct; emulators need it.</summary>
    public bool UseGatewayMode { get; set; }

    /// <summary>
    /// SHA-1 thumbprint (hex) of a self-signed server certificate to accept, for an emulator's own certificate.
    /// Only that certificate is accepted besides certificates the machine trusts; leave null for Azure.
    /// </summary>
    public string? TrustedCertificateThumbprint { get; set; }

    /// <summary>
    /// Let the SDK group concurrent point operations into batch requests, one per partition key range (up to 100
    /// operations or ~220 KB, sent when full or after at most 100 ms): <c>CosmosClientOptions.AllowBulkExecution</c>.
    /// Under many concurrent writes that is far fewer requests and far less CPU per write on both sides; the price is up
    /// to ~100 ms more latency per request, reads included. Best used for a second client handed to
    /// <see cref="CosmosEventStore(Microsoft.Azure.Cosmos.CosmosClient, CosmosStoreOptions, Microsoft.Azure.Cosmos.CosmosClient?)"/>,
    /// which sends only each append's first request through it. Store semantics are unchanged: every operation keeps its
    /// own status, ETag condition and charge.
    /// </summary>
    public bool BulkExecution { get; set; }

    /// <summary>How many times the SDK itself retries a 429 before the store's own backoff takes over.</summary>
    public int SdkThrottleRetries { get; set; } = 9;

    /// <summary>The projections folded into every stream's tip.</summary>
    public ProjectionRegistry Projections { get; set; } = ProjectionRegistry.CreateDefault();

    /// <summary>Calve the tip's buffer into a batch when buffered plus new events would exceed this many.</summary>
    public int MaxTipEvents { get; set; } = 100;

    /// <summary>Calve the tip's buffer when buffered plus new events would exceed this many bytes of CloudEvent JSON.</summary>
    public int MaxTipBytes { get; set; } = 256 * 1024;

    /// <summary>The largest single event accepted, in bytes (Event Hubs Standard's message limit; Cosmos DB items are limited to 2 MB).</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>How many recent event ids the tip remembers, so a client re-posting an id is recognised.</summary>
    public int IdWindowSize { get; set; } = 128;

    /// <summary>Store each document's events as one Brotli-compressed, base64 field (fewer RU per write) instead of a JSON array.</summary>
    public bool CompressEvents { get; set; } = true;

    /// <summary>How many times an append with <see cref="ExpectedVersion.Any"/> retries after losing a race for the tip.</summary>
    public int MaxConflictRetries { get; set; } = 16;

    /// <summary>
    /// The pause unit after a lost race for the tip: a random pause of up to this times the number of conflicts so far,
    /// so writers contending for one stream spread out instead of colliding again in lockstep.
    /// </summary>
    public TimeSpan ConflictBackoff { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How many times the store retries a request the SDK gave up on with 429.</summary>
    public int MaxThrottleRetries { get; set; } = 5;

    /// <summary>The first backoff after a 429 when Cosmos DB gives no retry-after; doubled per attempt, with jitter.</summary>
    public TimeSpan ThrottleBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many hot streams' tips are kept in memory for 304 revalidation and cache-first appends.</summary>
    public int TipCacheCapacity { get; set; } = 4096;

    /// <summary>A test seam that injects failures at named points of the write path (for example a crash between calve and tip replace).</summary>
    public StoreFaultInjection? FaultInjection { get; set; }

    /// <summary>A copy of these options with <see cref="BulkExecution"/> on: the settings for the second, bulk-execution client of a store.</summary>
    public CosmosStoreOptions WithBulkExecution()
    {
        var copy = (CosmosStoreOptions)MemberwiseClone();
        copy.BulkExecution = true;
        return copy;
    }

    internal void Validate()
    {
        if (AccountEndpoint is null)
        {
            throw new InvalidOperationException($"{nameof(CosmosStoreOptions)}.{nameof(AccountEndpoint)} is required.");
        }

        RequirePositive(MaxTipEvents, nameof(MaxTipEvents));
        RequirePositive(MaxTipBytes, nameof(MaxTipBytes));
        RequirePositive(MaxEventBytes, nameof(MaxEventBytes));
        RequirePositive(IdWindowSize, nameof(IdWindowSize));
        RequirePositive(TipCacheCapacity, nameof(TipCacheCapacity));
        if (MaxEventBytes > 1536 * 1024)
        {
            throw new InvalidOperationException($"{nameof(MaxEventBytes)} must leave room in a 2 MB Cosmos DB item; use at most 1.5 MB.");
        }

        if (string.IsNullOrWhiteSpace(DatabaseName) || string.IsNullOrWhiteSpace(EventsContainer) || string.IsNullOrWhiteSpace(DeadLettersContainer))
        {
            throw new InvalidOperationException("The database and container names are required.");
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new InvalidOperationException($"{nameof(CosmosStoreOptions)}.{name} must be positive, not {value}.");
        }
    }
}
