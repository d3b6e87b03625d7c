namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// Keeps one link authorized: puts a fresh token on <c>$cbs</c> shortly before the current one expires, for as long as
/// the link is open. A failed renewal is retried soon; if the token lapses the service detaches the link, which the
/// client then recreates.
/// </summary>
internal sealed class CbsTokenRenewal : IDisposable
{
    private static readonly TimeSpan MaximumMargin = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(2);

    private readonly Func<CancellationToken, Task<DateTimeOffset>> _renew;
    private readonly CancellationTokenSource _stopped = new();
    private readonly Timer _timer;

    public CbsTokenRenewal(DateTimeOffset expiresOn, Func<CancellationToken, Task<DateTimeOffset>> renew)
    {
        _renew = renew;
        _timer = new Timer(_ => _ = RenewAsync(), null, Timeout.Infinite, Timeout.Infinite);
        Schedule(RefreshDelay(DateTimeOffset.UtcNow, expiresOn));
    }

    /// <summary>
    /// When to renew a token that is valid until <paramref name="expiresOn"/>: at 90% of its remaining lifetime, but never
    /// later than five minutes before expiry.
    /// </summary>
    public static TimeSpan RefreshDelay(DateTimeOffset now, DateTimeOffset expiresOn)
    {
        var lifetime = expiresOn - now;
        if (lifetime <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var margin = TimeSpan.FromTicks(Math.Min(MaximumMargin.Ticks, lifetime.Ticks / 10));
        return lifetime - margin;
    }

    public void Dispose()
    {
        if (!_stopped.IsCancellationRequested)
        {
            _stopped.Cancel();
            _timer.Dispose();
        }
    }

    private void Schedule(TimeSpan delay)
    {
        if (_stopped.IsCancellationRequested)
        {
            return;
        }

        try
        {
            // Timer periods are capped (~49 days); tokens never live that long, but stay safe.
            _timer.Change((long)Math.Min(delay.TotalMilliseconds, uint.MaxValue - 1L), Timeout.Infinite);
        }
        catch (ObjectDisposedException)
        {
            // Disposed concurrently: the link is gone, nothing to renew.
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            var expiresOn = await _renew(_stopped.Token).ConfigureAwait(false);
            Schedule(RefreshDelay(DateTimeOffset.UtcNow, expiresOn));
        }
        catch (Exception)
        {
            // Runs on a timer with no caller to report to: any failure (connection lost, credential error) is retried
            // soon, unless the link closed meanwhile (Schedule then does nothing); if renewals keep failing, the
            // service detaches the link when the token lapses and the client reconnects.
            Schedule(RetryAfterFailure);
        }
    }
}
