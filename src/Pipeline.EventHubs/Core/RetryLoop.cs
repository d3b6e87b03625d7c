namespace Pipeline.EventHubs;

/// <summary>Runs one operation under a retry policy: each attempt gets its own try timeout; transient failures are retried.</summary>
internal static class RetryLoop
{
    public static async Task<T> RunAsync<T>(
        EventHubsRetryPolicy policy,
        string? eventHubName,
        Func<CancellationToken, Task<T>> operation,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                failure = Amqp.AmqpErrorMapper.Translate(exception, eventHubName);
            }

            var delay = policy.CalculateRetryDelay(failure, attempt);
            if (delay is null)
            {
                if (failure is EventHubsException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                throw new EventHubsException(false, eventHubName, failure.Message, EventHubsException.FailureReason.GeneralError, failure);
            }

            await Task.Delay(delay.Value, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task RunAsync(
        EventHubsRetryPolicy policy,
        string? eventHubName,
        Func<CancellationToken, Task> operation,
        CancellationToken cancellationToken) =>
        RunAsync<bool>(policy, eventHubName, async token => { await operation(token).ConfigureAwait(false); return true; }, cancellationToken);
}
