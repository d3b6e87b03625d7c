namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>The two retry strategies of Azure Functions (function.json or host.json <c>retry</c>).</summary>
public enum RetryStrategy
{
    FixedDelay,
    ExponentialBackoff,
}

/// <summary>
/// A function's retry policy: how many times a failed invocation is retried and how long to wait
/// between attempts. <c>MaxRetryCount</c> -1 retries forever, as in Azure.
/// </summary>
public sealed record RetryPolicyDefinition(
    RetryStrategy Strategy,
    int MaxRetryCount,
    TimeSpan DelayInterval,
    TimeSpan MinimumInterval,
    TimeSpan MaximumInterval)
{
    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        if (Strategy == RetryStrategy.FixedDelay)
        {
            return DelayInterval;
        }

        // Doubling from the minimum, capped at the maximum: the shape of the WebJobs exponential strategy without its jitter.
        var factor = Math.Pow(2, Math.Min(retry - 1, 30));
        var ticks = Math.Min(MinimumInterval.Ticks * factor, MaximumInterval.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    internal static RetryPolicyDefinition Read(ConfigurationElement retry)
    {
        var strategyText = retry.Property("strategy")?.GetString() ?? throw retry.ErrorAt("strategy", "is required (fixedDelay or exponentialBackoff)");
        var maxRetryCount = retry.Property("maxRetryCount")?.GetInt32(-1) ?? throw retry.ErrorAt("maxRetryCount", "is required (-1 retries forever)");
        if (string.Equals(strategyText, "fixedDelay", StringComparison.OrdinalIgnoreCase))
        {
            var delay = retry.Property("delayInterval")?.GetTimeSpan() ?? throw retry.ErrorAt("delayInterval", "is required for fixedDelay");
            return new RetryPolicyDefinition(RetryStrategy.FixedDelay, maxRetryCount, delay, delay, delay);
        }

        if (string.Equals(strategyText, "exponentialBackoff", StringComparison.OrdinalIgnoreCase))
        {
            var minimum = retry.Property("minimumInterval")?.GetTimeSpan() ?? throw retry.ErrorAt("minimumInterval", "is required for exponentialBackoff");
            var maximum = retry.Property("maximumInterval")?.GetTimeSpan() ?? throw retry.ErrorAt("maximumInterval", "is required for exponentialBackoff");
            if (maximum < minimum)
            {
                throw retry.ErrorAt("maximumInterval", "must not be less than minimumInterval");
            }

            return new RetryPolicyDefinition(RetryStrategy.ExponentialBackoff, maxRetryCount, minimum, minimum, maximum);
        }

        throw retry.ErrorAt("strategy", $"must be fixedDelay or exponentialBackoff, not \"{strategyText}\"");
    }
}
