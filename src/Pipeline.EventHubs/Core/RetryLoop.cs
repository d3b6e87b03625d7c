namespace Pipeline.EventHubs;

/// <summary>Runs one operation under a retry policy: each attempt gets its own try timeout; transient failures are retried.</summary>
/// <remarks>
/// When the caller cancels while the loop is retrying, the <see cref="OperationCanceledException"/> carries the last
/// transient failure as its inner exception, so a caller that gave up can still tell "throttled" from "unreachable".
/// </remarks>
internal static class RetryLoop
{
    public static async Task<T> RunAsync<T>(
        EventHubsRetryPolicy policy,
        string? eventHubName,
        Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        Exception? lastFailure = null;
        for (var attempt = 1; ; attempt++)
        {
            ThrowIfCancelled(lastFailure, cancellationToken);
            var tryTimeout = policy.CalculateTryTimeout(attempt);
            using var attemptToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptToken.CancelAfter(tryTimeout);
            Exception failure;
            try
            {
                return await operation(attemptToken.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && attemptToken.IsCancellationRequested)
            {
                failure = new EventHubsException(true, eventHubName, $"The operation did not complete within the try timeout of {tryTimeout}.", EventHubsException.FailureReason.ServiceTimeout);
            }
            catch (OperationCanceledException cancelled) when (lastFailure is not null && cancellationToken.IsCancellationRequested)
            {
                throw CancelledWhileRetrying(lastFailure, cancelled, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failure = Amqp.AmqpErrorMapper.Translate(exception, eventHubName);
            }

            lastFailure = failure;

            var delay = policy.CalculateRetryDelay(failure, attempt);
            if (delay is null)
            {
                if (failure is EventHubsException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                throw new EventHubsException(false, eventHubName, failure.Message, EventHubsException.FailureReason.GeneralError, failure);
            }

            try
            {
                await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException cancelled)
            {
                throw CancelledWhileRetrying(failure, cancelled, cancellationToken);
            }
        }
    }

    public static Task RunAsync(
        EventHubsRetryPolicy policy,
        string? eventHubName,
        Func<CancellationToken, Task> operation,
        CancellationToken cancellationToken) =>
        RunAsync<bool>(policy, eventHubName, async token => { await operation(token).ConfigureAwait(false); return true; }, cancellationToken);

    private static void ThrowIfCancelled(Exception? lastFailure, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw lastFailure is null ? new OperationCanceledException(cancellationToken) : CancelledWhileRetrying(lastFailure, null, cancellationToken);
        }
    }

    private static OperationCanceledException CancelledWhileRetrying(Exception lastFailure, OperationCanceledException? cancelled, CancellationToken cancellationToken) =>
        new($"The operation was cancelled while retrying after: {lastFailure.Message}", lastFailure, cancelled?.CancellationToken ?? cancellationToken);
}
