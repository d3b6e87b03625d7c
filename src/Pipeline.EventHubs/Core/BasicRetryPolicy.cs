using System.Net.Sockets;

namespace Pipeline.EventHubs;

/// <summary>The default policy: retries transient failures with fixed or exponential backoff and jitter.</summary>
internal sealed class BasicRetryPolicy : EventHubsRetryPolicy
{
    // Up to 8% extra so that many clients throttled at the same moment do not retry in lockstep.
    private const double JitterFactor = 0.08;

    private readonly EventHubsRetryOptions _options;

    public BasicRetryPolicy(EventHubsRetryOptions options) => _options = options;

    public EventHubsRetryOptions Options => _options;

    public override TimeSpan CalculateTryTimeout(int attemptCount) => _options.TryTimeout;

    public override TimeSpan? CalculateRetryDelay(Exception lastException, int attemptCount)
    {
        if (attemptCount > _options.MaximumRetries || !IsRetriable(lastException))
        {
            return null;
        }

        var baseDelay = _options.Mode == EventHubsRetryMode.Fixed
            ? _options.Delay.TotalSeconds
            : _options.Delay.TotalSeconds * Math.Pow(2, Math.Max(0, attemptCount - 1));
        var jittered = baseDelay * (1 + (Random.Shared.NextDouble() * JitterFactor));
        return TimeSpan.FromSeconds(Math.Min(jittered, _options.MaximumDelay.TotalSeconds));
    }

    internal static bool IsRetriable(Exception exception) => exception switch
    {
        EventHubsException eventHubs => eventHubs.IsTransient,
        TimeoutException or SocketException or IOException => true,
        AggregateException aggregate when aggregate.InnerException is not null => IsRetriable(aggregate.InnerException),
        _ => false,
    };
}
