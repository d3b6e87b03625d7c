using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Unit;

public class RetryLoopTests
{
    private static readonly EventHubsRetryPolicy Patient =
        new EventHubsRetryOptions { Mode = EventHubsRetryMode.Fixed, Delay = TimeSpan.FromMinutes(1), MaximumRetries = 5 }.ToPolicy();

    [Fact]
    public async Task Cancelling_while_backing_off_from_a_transient_failure_reports_that_failure_as_the_inner_exception()
    {
        using var caller = new CancellationTokenSource();
        var attempts = 0;

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RetryLoop.RunAsync<int>(
            Patient,
            "hub",
            _ =>
            {
                attempts++;
                caller.Cancel();
                throw new EventHubsException(true, "hub", "busy", Reason.ServiceBusy);
            },
            caller.Token));

        Assert.Equal(1, attempts);
        Assert.Equal(Reason.ServiceBusy, Assert.IsType<EventHubsException>(cancelled.InnerException).Reason);
        Assert.Equal(caller.Token, cancelled.CancellationToken);
    }

    [Fact]
    public async Task Cancelling_during_a_retried_attempt_still_reports_the_earlier_transient_failure()
    {
        using var caller = new CancellationTokenSource();
        var policy = new EventHubsRetryOptions { Mode = EventHubsRetryMode.Fixed, Delay = TimeSpan.FromMilliseconds(1), MaximumRetries = 5 }.ToPolicy();
        var attempts = 0;

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RetryLoop.RunAsync<int>(
            policy,
            "hub",
            async token =>
            {
                if (++attempts == 1)
                {
                    throw new EventHubsException(true, "hub", "busy", Reason.ServiceBusy);
                }

                caller.Cancel();
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            },
            caller.Token));

        Assert.Equal(2, attempts);
        Assert.Equal(Reason.ServiceBusy, Assert.IsType<EventHubsException>(cancelled.InnerException).Reason);
    }

    [Fact]
    public async Task Cancelling_before_any_failure_is_a_plain_cancellation()
    {
        using var caller = new CancellationTokenSource();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RetryLoop.RunAsync<int>(
            Patient,
            "hub",
            async token =>
            {
                caller.Cancel();
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            },
            caller.Token));

        Assert.Null(cancelled.InnerException);
    }
}
