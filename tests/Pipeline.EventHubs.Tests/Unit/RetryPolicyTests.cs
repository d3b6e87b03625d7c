using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Unit;

public class RetryPolicyTests
{
    private static readonly EventHubsException Busy = new(true, "hub", "busy", Reason.ServiceBusy);
    private static readonly EventHubsException NotFound = new(false, "hub", "gone", Reason.ResourceNotFound);

    [Fact]
    public void Exponential_delays_double_with_at_most_eight_percent_jitter()
    {
        var policy = new EventHubsRetryOptions { Delay = TimeSpan.FromSeconds(1), MaximumDelay = TimeSpan.FromMinutes(1), MaximumRetries = 5 }.ToPolicy();

        for (int attempt = 1; attempt <= 5; attempt++)
        {
            double expected = Math.Pow(2, attempt - 1);
            var delay = policy.CalculateRetryDelay(Busy, attempt);
            Assert.NotNull(delay);
            Assert.InRange(delay.Value.TotalSeconds, expected, expected * 1.08);
        }
    }

    [Fact]
    public void Delays_are_capped_at_the_maximum()
    {
        var policy = new EventHubsRetryOptions { Delay = TimeSpan.FromSeconds(10), MaximumDelay = TimeSpan.FromSeconds(15), MaximumRetries = 10 }.ToPolicy();

        Assert.Equal(TimeSpan.FromSeconds(15), policy.CalculateRetryDelay(Busy, 6));
    }

    [Fact]
    public void Fixed_mode_keeps_the_delay()
    {
        var policy = new EventHubsRetryOptions { Mode = EventHubsRetryMode.Fixed, Delay = TimeSpan.FromSeconds(2) }.ToPolicy();

        Assert.InRange(policy.CalculateRetryDelay(Busy, 3)!.Value.TotalSeconds, 2, 2.16);
    }

    [Fact]
    public void Permanent_failures_and_exhausted_retries_are_not_retried()
    {
        var policy = new EventHubsRetryOptions { MaximumRetries = 2 }.ToPolicy();

        Assert.Null(policy.CalculateRetryDelay(NotFound, 1));
        Assert.Null(policy.CalculateRetryDelay(new UnauthorizedAccessException(), 1));
        Assert.NotNull(policy.CalculateRetryDelay(Busy, 2));
        Assert.Null(policy.CalculateRetryDelay(Busy, 3));
    }

    [Fact]
    public async Task Retry_loop_retries_transient_failures_until_success()
    {
        var policy = new EventHubsRetryOptions { Delay = TimeSpan.FromMilliseconds(1), MaximumRetries = 3 }.ToPolicy();
        int attempts = 0;

        int result = await RetryLoop.RunAsync(policy, "hub", _ => ++attempts < 3 ? throw Busy : Task.FromResult(attempts), CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Retry_loop_gives_up_at_once_on_permanent_failures()
    {
        var policy = new EventHubsRetryOptions { Delay = TimeSpan.FromMilliseconds(1), MaximumRetries = 3 }.ToPolicy();
        int attempts = 0;

        var error = await Assert.ThrowsAsync<EventHubsException>(() =>
            RetryLoop.RunAsync<int>(policy, "hub", _ => { attempts++; throw NotFound; }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Equal(Reason.ResourceNotFound, error.Reason);
    }

    [Fact]
    public async Task Attempt_exceeding_the_try_timeout_is_a_transient_service_timeout()
    {
        var policy = new EventHubsRetryOptions { TryTimeout = TimeSpan.FromMilliseconds(20), Delay = TimeSpan.FromMilliseconds(1), MaximumRetries = 1 }.ToPolicy();
        int attempts = 0;

        var error = await Assert.ThrowsAsync<EventHubsException>(() =>
            RetryLoop.RunAsync<int>(policy, "hub", async token => { attempts++; await Task.Delay(Timeout.Infinite, token); return 0; }, CancellationToken.None));

        Assert.Equal(Reason.ServiceTimeout, error.Reason);
        Assert.True(error.IsTransient);
        Assert.Equal(2, attempts);
    }
}
