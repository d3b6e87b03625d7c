namespace Pipeline.EventHubs.Consumer;

/// <summary>How an <see cref="EventHubConsumerClient"/> connects, retries and identifies itself.</summary>
public class EventHubConsumerClientOptions
{
    /// <summary>Connection settings.</summary>
    public EventHubConnectionOptions ConnectionOptions { get; set; } = new();

    /// <summary>Retry settings for every operation.</summary>
    public EventHubsRetryOptions RetryOptions { get; set; } = new();

    /// <summary>A name for the client in the service's logs and on its receivers; generated when null.</summary>
    public string? Identifier { get; set; }
}
