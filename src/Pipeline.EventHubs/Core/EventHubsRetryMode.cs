namespace Pipeline.EventHubs;

/// <summary>How the delay between retries grows.</summary>
public enum EventHubsRetryMode
{
    /// <summary>The same delay (plus jitter) before every retry.</summary>
    Fixed,

    /// <summary>A delay that doubles with every retry (plus jitter), capped at the maximum delay.</summary>
    Exponential,
}
