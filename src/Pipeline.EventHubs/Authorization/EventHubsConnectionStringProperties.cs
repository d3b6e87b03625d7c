namespace Pipeline.EventHubs;

/// <summary>
/// The parts of an Event Hubs connection string (<c>Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…;EntityPath=…</c>),
/// parsed and validated once so the clients never deal with raw strings.
/// </summary>
public sealed class EventHubsConnectionStringProperties
{
    /// <summary>The AMQP port used over TLS.</summary>
    public const int AmqpsPort = 5671;

    /// <summary>The plain-TCP AMQP port used with <c>UseDevelopmentEmulator=true</c>.</summary>
    public const int AmqpPort = 5672;

    private EventHubsConnectionStringProperties(
        Uri endpoint,
        string? eventHubName,
        string? sharedAccessKeyName,
        string? sharedAccessKey,
        string? sharedAccessSignature,
        bool useDevelopmentEmulator)
    {
        Endpoint = endpoint;
        EventHubName = eventHubName;
        SharedAccessKeyName = sharedAccessKeyName;
        SharedAccessKey = sharedAccessKey;
        SharedAccessSignature = sharedAccessSignature;
        UseDevelopmentEmulator = useDevelopmentEmulator;
    }

    /// <summary>The namespace endpoint, normalised to the <c>sb</c> scheme.</summary>
    public Uri Endpoint { get; }

    /// <summary>The host name of the namespace, e.g. <c>contoso.servicebus.windows.net</c>.</summary>
    public string FullyQualifiedNamespace => Endpoint.Host;

    /// <summary>The Event Hub named by <c>EntityPath</c>, if any.</summary>
    public string? EventHubName { get; }

    /// <summary>The name of the shared access policy.</summary>
    public string? SharedAccessKeyName { get; }

    /// <summary>The shared access key of the policy.</summary>
    public string? SharedAccessKey { get; }

    /// <summary>A pre-computed shared access signature, used instead of a key.</summary>
    public string? SharedAccessSignature { get; }

    /// <summary>True for the local emulator: plain TCP instead of TLS.</summary>
    public bool UseDevelopmentEmulator { get; }

    /// <summary>True when the connection should use TLS (everything but the development emulator).</summary>
    public bool UseTls => !UseDevelopmentEmulator;

    /// <summary>The TCP port to connect to: the endpoint's explicit port, else 5672 for the emulator and 5671 with TLS.</summary>
    public int Port => Endpoint.IsDefaultPort || Endpoint.Port <= 0 ? (UseDevelopmentEmulator ? AmqpPort : AmqpsPort) : Endpoint.Port;

    /// <summary>Parses and validates a connection string; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static EventHubsConnectionStringProperties Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        string? endpoint = null, entityPath = null, keyName = null, key = null, signature = null;
        bool useEmulator = false;
        foreach (var token in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Only the first '=' separates name and value: keys and signatures end in '=' padding.
            int separator = token.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new FormatException($"The connection string has a malformed part '{Redact(token)}'; expected 'Name=Value'.");
            }

            string name = token[..separator].Trim();
            string value = token[(separator + 1)..].Trim();
            switch (name.ToUpperInvariant())
            {
                case "ENDPOINT": endpoint = value; break;
                case "ENTITYPATH": entityPath = value; break;
                case "SHAREDACCESSKEYNAME": keyName = value; break;
                case "SHAREDACCESSKEY": key = value; break;
                case "SHAREDACCESSSIGNATURE": signature = value; break;
                case "USEDEVELOPMENTEMULATOR":
                    if (!bool.TryParse(value, out useEmulator))
                    {
                        throw new FormatException($"UseDevelopmentEmulator must be 'true' or 'false', not '{value}'.");
                    }

                    break;
                default:
                    // Unknown parts are ignored, as the Azure SDKs do, so newer connection strings keep working.
                    break;
            }
        }

        if (string.IsNullOrEmpty(endpoint))
        {
            throw new FormatException("The connection string has no Endpoint.");
        }

        Uri endpointUri = ParseEndpoint(endpoint);
        bool hasKey = !string.IsNullOrEmpty(keyName) || !string.IsNullOrEmpty(key);
        if (hasKey && (string.IsNullOrEmpty(keyName) || string.IsNullOrEmpty(key)))
        {
            throw new FormatException("The connection string must have both SharedAccessKeyName and SharedAccessKey.");
        }

        if (hasKey && !string.IsNullOrEmpty(signature))
        {
            throw new FormatException("The connection string may have a SharedAccessKey or a SharedAccessSignature, not both.");
        }

        if (!hasKey && string.IsNullOrEmpty(signature))
        {
            throw new FormatException("The connection string has no credentials: give SharedAccessKeyName and SharedAccessKey, or SharedAccessSignature.");
        }

        return new EventHubsConnectionStringProperties(
            endpointUri,
            string.IsNullOrEmpty(entityPath) ? null : entityPath,
            keyName,
            key,
            string.IsNullOrEmpty(signature) ? null : signature,
            useEmulator);
    }

    private static Uri ParseEndpoint(string endpoint)
    {
        // Endpoints are usually sb://host/, but people paste host names and amqps:// addresses too.
        string text = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "sb://" + endpoint;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            throw new FormatException($"The connection string's Endpoint '{endpoint}' is not a valid URI.");
        }

        var builder = new UriBuilder(parsed) { Scheme = "sb", Path = "/" };
        if (parsed.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return builder.Uri;
    }

    private static string Redact(string token) => token.Length <= 12 ? token : token[..12] + "…";
}
