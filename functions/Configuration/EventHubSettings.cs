namespace Pipeline.Functions.Configuration;

/// <summary>
/// Where ingest publishes: the <c>EventHubConnection</c> app setting (a connection string locally) or
/// <c>EventHubConnection__fullyQualifiedNamespace</c> (Entra ID in Azure), and <c>EventHubName</c>.
/// </summary>
public sealed class EventHubSettings
{
    /// <summary>A connection string with a SAS key (emulator, or namespaces with local auth enabled).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The namespace's host name, for identity-based connections.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>The Event Hub events are published to.</summary>
    public string EventHubName { get; set; } = "events";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString) && string.IsNullOrWhiteSpace(FullyQualifiedNamespace))
        {
            throw new InvalidOperationException("Set the app setting EventHubConnection (a connection string) or EventHubConnection__fullyQualifiedNamespace (managed identity).");
        }
    }
}
