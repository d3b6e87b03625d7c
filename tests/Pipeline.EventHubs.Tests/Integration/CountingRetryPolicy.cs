namespace Pipeline.EventHubs.Tests.Integration;

/// <summary>The default policy, counting how often it was asked whether to retry (and how often it said yes).</summary>
internal sealed class CountingRetryPolicy(EventHubsRetryOptions options) : EventHubsRetryPolicy
{
    private readonly EventHubsRetryPolicy _inner = options.ToPolicy();
    private int _decisions;
    private int _retries;

    public int Decisions => Volatile.Read(ref _decisions);

    public int Retries => Volatile.Read(ref _retries);

    public List<Exception> Failures { get; } = [];

    public override TimeSpan CalculateTryTimeout(int attemptCount) => _inner.CalculateTryTimeout(attemptCount);

    public override TimeSpan? CalculateRetryDelay(Exception lastException, int attemptCount)
    {
        Interlocked.Increment(ref _decisions);
        lock (Failures)
        {
            Failures.Add(lastException);
        }

        var delay = _inner.CalculateRetryDelay(lastException, attemptCount);
        if (delay is not null)
        {
            Interlocked.Increment(ref _retries);
        }

        return delay;
    }
}
