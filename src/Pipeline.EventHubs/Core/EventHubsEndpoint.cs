using Azure.Core;
using Pipeline.EventHubs.Authorization;

namespace Pipeline.EventHubs;

/// <summary>Where a client connects and how it authorizes: namespace host and port, TLS or not, the Event Hub, the token source.</summary>
internal sealed class EventHubsEndpoint
{
    // SAS tokens signed from a key live an hour; they are renewed well before that on long-lived links.
    private static readonly TimeSpan SharedAccessKeyTokenLifetime = TimeSpan.FromHours(1);

    private EventHubsEndpoint(string host, int port, bool useTls, string eventHubName, CbsTokenProvider tokenProvider)
    {
        Host = host;
        Port = port;
        UseTls = useTls;
        EventHubName = eventHubName;
        TokenProvider = tokenProvider;
    }

    public string Host { get; }

    public int Port { get; }

    public bool UseTls { get; }

    public string EventHubName { get; }

    public CbsTokenProvider TokenProvider { get; }

    /// <summary>The token audience of an entity path, e.g. <c>sb://host/hub/Partitions/0</c>.</summary>
    public string Audience(string entityPath) => $"sb://{Host}/{entityPath}";

    public static EventHubsEndpoint FromConnectionString(string connectionString, string? eventHubName)
    {
        var properties = EventHubsConnectionStringProperties.Parse(connectionString);
        if (properties.EventHubName is not null && eventHubName is not null && !string.Equals(properties.EventHubName, eventHubName, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The connection string names Event Hub '{properties.EventHubName}' but '{eventHubName}' was passed; give one or make them match.",
                nameof(eventHubName));
        }

        string hub = properties.EventHubName ?? eventHubName
            ?? throw new ArgumentException("No Event Hub name: put EntityPath in the connection string or pass eventHubName.", nameof(eventHubName));
        CbsTokenProvider provider = properties.SharedAccessSignature is { } signature
            ? new SharedAccessSignatureTokenProvider(() => signature)
            : new SharedAccessKeyTokenProvider(properties.SharedAccessKeyName!, properties.SharedAccessKey!, SharedAccessKeyTokenLifetime);
        return new EventHubsEndpoint(properties.Endpoint.Host, properties.Port, properties.UseTls, hub, provider);
    }

    public static EventHubsEndpoint FromCredential(string fullyQualifiedNamespace, string eventHubName, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Create(fullyQualifiedNamespace, eventHubName, new TokenCredentialTokenProvider(credential));
    }

    public static EventHubsEndpoint FromNamedKey(string fullyQualifiedNamespace, string eventHubName, Azure.AzureNamedKeyCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Create(fullyQualifiedNamespace, eventHubName, new NamedKeyTokenProvider(credential, SharedAccessKeyTokenLifetime));
    }

    public static EventHubsEndpoint FromSasCredential(string fullyQualifiedNamespace, string eventHubName, Azure.AzureSasCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        return Create(fullyQualifiedNamespace, eventHubName, new SharedAccessSignatureTokenProvider(() => credential.Signature));
    }

    private static EventHubsEndpoint Create(string fullyQualifiedNamespace, string eventHubName, CbsTokenProvider provider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fullyQualifiedNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventHubName);

        // A namespace may be given as "host", "host:port" or a URI; an explicit port is honoured. Only an explicit
        // amqp:// URI (the local emulator) connects without TLS.
        string text = fullyQualifiedNamespace.Contains("://", StringComparison.Ordinal) ? fullyQualifiedNamespace : "sb://" + fullyQualifiedNamespace;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"'{fullyQualifiedNamespace}' is not a fully qualified namespace such as contoso.servicebus.windows.net.", nameof(fullyQualifiedNamespace));
        }

        bool useTls = !string.Equals(uri.Scheme, "amqp", StringComparison.OrdinalIgnoreCase);
        int defaultPort = useTls ? EventHubsConnectionStringProperties.AmqpsPort : EventHubsConnectionStringProperties.AmqpPort;
        int port = uri.IsDefaultPort || uri.Port <= 0 ? defaultPort : uri.Port;
        return new EventHubsEndpoint(uri.Host, port, useTls, eventHubName, provider);
    }
}
