namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// Event Hubs trigger timings (the event processor's defaults) and the event source. Tests shorten
/// the intervals so ownership moves in seconds.
/// </summary>
public sealed class EventHubsTriggerOptions
{
    /// <summary>An ownership not renewed for this long is free to claim (processor default: 30 s).</summary>
    public TimeSpan PartitionOwnershipExpirationInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often ownership is renewed and rebalanced (processor default: 10 s).</summary>
    public TimeSpan LoadBalancingUpdateInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The owner id this host writes into ownership blobs; a fresh GUID per host by default.</summary>
    public string? OwnerIdentifier { get; set; }

    /// <summary>Reads events from Event Hubs; null uses <see cref="AmqpEventHubsSourceFactory"/> (the project's AMQP client).</summary>
    public IEventHubsSourceFactory? SourceFactory { get; set; }
}
