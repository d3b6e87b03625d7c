namespace Pipeline.EventHubs;

/// <summary>Decides whether and when a failed operation is tried again, and how long one attempt may take.</summary>
public abstract class EventHubsRetryPolicy
{
    /// <summary>The time allowed for one attempt (<paramref name="attemptCount"/> starts at 1).</summary>
    public abstract TimeSpan CalculateTryTimeout(int attemptCount);

    /// <summary>
    /// The delay before retrying after <paramref name="lastException"/>, or null when the operation must not be retried
    /// (<paramref name="attemptCount"/> is the number of attempts made so far).
    /// </summary>
    public abstract TimeSpan? CalculateRetryDelay(Exception lastException, int attemptCount);
}
