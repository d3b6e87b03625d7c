using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// Processes one owned partition like the extension's partition processor: resume after the
/// checkpoint, gather a batch (max size, min size within the max wait), invoke under the retry
/// policy, and checkpoint after the invocation whether it failed or not, unless the host is
/// stopping or ownership was lost.
/// </summary>
internal sealed class PartitionPump
{
    private readonly FunctionDefinition _function;
    private readonly EventHubTriggerBinding _binding;
    private readonly EventHubsHostOptions _batching;
    private readonly RetryPolicyDefinition? _retry;
    private readonly IEventHubsSource _source;
    private readonly BlobCheckpointStore _checkpoints;
    private readonly HandlerInvoker _invoker;
    private readonly string _ownerId;
    private readonly ILogger _logger;

    public PartitionPump(
        FunctionDefinition function,
        EventHubsHostOptions batching,
        RetryPolicyDefinition? retry,
        IEventHubsSource source,
        BlobCheckpointStore checkpoints,
        HandlerInvoker invoker,
        string ownerId,
        ILogger logger)
    {
        _function = function;
        _binding = function.EventHubTrigger!;
        _batching = batching;
        _retry = retry;
        _source = source;
        _checkpoints = checkpoints;
        _invoker = invoker;
        _ownerId = ownerId;
        _logger = logger;
    }

    /// <summary>Runs until <paramref name="stopping"/> (host shutdown) or <paramref name="ownershipLost"/> is cancelled.</summary>
    public async Task RunAsync(string partitionId, CancellationToken stopping, CancellationToken ownershipLost)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, ownershipLost);
        var token = linked.Token;
        var checkpoint = await _checkpoints.GetCheckpointAsync(partitionId, token).ConfigureAwait(false);
        var position = checkpoint?.SequenceNumber is long sequence
            ? StartingPosition.After(sequence)
            : new StartingPosition(null, _batching.InitialOffsetType, _batching.InitialEnqueuedTimeUtc);
        _logger.LogInformation(
            "Function '{Function}' starts partition {Partition} {Position}",
            _function.Name, partitionId, position.AfterSequenceNumber is long s ? $"after sequence number {s}" : $"at {position.InitialOffset}");

        await using var reader = await _source.OpenReaderAsync(partitionId, position, _batching.PrefetchCount, token).ConfigureAwait(false);
        var context = new TriggerPartitionContext(_source.FullyQualifiedNamespace, _binding.EventHubName, _binding.ConsumerGroup, partitionId, IsCheckpointingAfterInvocation: true);
        var batchesSinceCheckpoint = 0;

        // One envelope buffer and one batch list for the pump's life: batches are sequential, and a fresh envelope
        // buffer per batch (megabytes for a thousand events) missed the array pool and landed on the large object heap.
        // Sized for a full batch of 1 KB events up front, so it is rented once instead of grown by doubling.
        using var envelope = new PooledBufferWriter(_batching.MaxEventBatchSize * 1536);
        var batch = new List<TriggerEvent>(_batching.MaxEventBatchSize);
        while (!token.IsCancellationRequested)
        {
            batch.Clear();
            await GatherAsync(reader, batch, token).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                continue;
            }

            if (_binding.Cardinality == TriggerCardinality.Many)
            {
                await InvokeWithRetryAsync(context, batch, envelope, token).ConfigureAwait(false);
            }
            else
            {
                foreach (var single in batch)
                {
                    await InvokeWithRetryAsync(context, [single], envelope, token).ConfigureAwait(false);
                }
            }

            // The extension skips the checkpoint when the host is stopping or the partition was lost mid-batch.
            if (stopping.IsCancellationRequested || ownershipLost.IsCancellationRequested)
            {
                return;
            }

            if (++batchesSinceCheckpoint >= _batching.BatchCheckpointFrequency)
            {
                var last = batch[^1];
                await _checkpoints.UpdateCheckpointAsync(partitionId, last.Offset, last.SequenceNumber, _ownerId, token).ConfigureAwait(false);
                batchesSinceCheckpoint = 0;
            }
        }
    }

    private async Task GatherAsync(IPartitionEventReader reader, List<TriggerEvent> batch, CancellationToken token)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // With a minimum batch size of 1 the extension dispatches whatever arrived; above it, it waits up to maxWaitTime to fill the minimum.
            var remaining = _batching.MinEventBatchSize > 1 ? _batching.MaxWaitTime - clock.Elapsed : _batching.MaxWaitTime;
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var received = await reader.ReceiveAsync(_batching.MaxEventBatchSize - batch.Count, remaining, token).ConfigureAwait(false);
            batch.AddRange(received);
            if (batch.Count >= _batching.MinEventBatchSize || batch.Count >= _batching.MaxEventBatchSize || (batch.Count > 0 && _batching.MinEventBatchSize <= 1))
            {
                return;
            }

            if (_batching.MinEventBatchSize <= 1 || token.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task InvokeWithRetryAsync(TriggerPartitionContext context, IReadOnlyList<TriggerEvent> events, PooledBufferWriter envelope, CancellationToken token)
    {
        string? lastError = null;
        for (var attempt = 0; ; attempt++)
        {
            var retryContext = _retry is null ? null : new RetryContext(attempt, _retry.MaxRetryCount, lastError);
            var invocationId = Guid.NewGuid();
            try
            {
                envelope.Clear();
                EventTriggerPayload.Write(envelope, _function.Name, _binding, context, events, retryContext);
                await _invoker.InvokeAsync(_function.Name, envelope.WrittenMemory, invocationId, token).ConfigureAwait(false);
                _logger.LogDebug("Executed '{Function}' (Succeeded, Id={InvocationId}, Partition={Partition}, Events={Count})", _function.Name, invocationId, context.PartitionId, events.Count);
                return;
            }
            catch (Exception e) when (e is HandlerInvocationException or EventTriggerPayload.BodyNotJsonException or TimeoutException && !token.IsCancellationRequested)
            {
                lastError = e.Message;
                _logger.LogError("Executed '{Function}' (Failed, Id={InvocationId}, Partition={Partition}): {Reason}", _function.Name, invocationId, context.PartitionId, e.Message);
                if (_retry is null || (_retry.MaxRetryCount >= 0 && attempt >= _retry.MaxRetryCount))
                {
                    // Retries exhausted (or none configured): the batch is checkpointed past, exactly as Azure does.
                    return;
                }

                var delay = _retry.DelayBefore(attempt + 1);
                _logger.LogWarning("Retrying '{Function}' in {Delay} (retry {Retry} of {Max})", _function.Name, delay, attempt + 1, _retry.MaxRetryCount);
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
    }
}
