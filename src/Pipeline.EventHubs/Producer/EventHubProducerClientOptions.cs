namespace Pipeline.EventHubs.Producer;

/// <summary>How an <see cref="EventHubProducerClient"/> connects, retries and identifies itself.</summary>
public class EventHubProducerClientOptions
{
    /// <summary>Connection settings.</summary>
    public EventHubConnectionOptions ConnectionOptions { get; set; } = new();

    /// <summary>Retry settings for every operation.</summary>
    public EventHubsRetryOptions RetryOptions { get; set; } = new();

    /// <summary>A name for the client in the service's logs (AMQP container id); generated when null.</summary>
    public string? Identifier { get; set; }
}
