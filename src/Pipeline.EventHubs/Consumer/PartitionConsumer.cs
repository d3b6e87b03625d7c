using Pipeline.EventHubs.Amqp;

namespace Pipeline.EventHubs.Consumer;

/// <summary>
/// Reads one partition through a receiver link that survives failures: when the link or connection is lost, a new link
/// resumes right after the last event handed out, so a reconnect neither loses nor repeats events.
/// </summary>
internal sealed class PartitionConsumer : IAsyncDisposable
{
    private readonly AmqpConnectionScope _scope;
    private readonly EventHubsRetryPolicy _retryPolicy;
    private readonly string _consumerGroup;
    private readonly string _partitionId;
    private readonly EventPosition _startingPosition;
    private readonly long? _ownerLevel;
    private readonly int _prefetchCount;
    private readonly bool _trackLastEnqueued;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AmqpConsumerLink? _link;
    private long? _lastSequenceNumber;
    private LastEnqueuedEventProperties _lastEnqueued;
    private bool _closed;

    public PartitionConsumer(
        AmqpConnectionScope scope,
        EventHubsRetryPolicy retryPolicy,
        string consumerGroup,
        string partitionId,
        EventPosition startingPosition,
        long? ownerLevel,
        int prefetchCount,
        bool trackLastEnqueued)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionId);
        _scope = scope;
        _retryPolicy = retryPolicy;
        _consumerGroup = consumerGroup;
        _partitionId = partitionId;
        _startingPosition = startingPosition;
        _ownerLevel = ownerLevel;
        _prefetchCount = prefetchCount;
        _trackLastEnqueued = trackLastEnqueued;
    }

    public LastEnqueuedEventProperties LastEnqueuedEventProperties => _link?.LastEnqueuedEventProperties ?? _lastEnqueued;

    /// <summary>Returns up to <paramref name="maximumCount"/> events, waiting up to <paramref name="maximumWaitTime"/> for the first.</summary>
    public async Task<IReadOnlyList<EventData>> ReceiveAsync(int maximumCount, TimeSpan maximumWaitTime, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumCount, 1);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RetryLoop.RunAsync(
                _retryPolicy,
                _scope.EventHubName,
                async attemptToken =>
                {
                    var link = await GetLinkAsync(attemptToken).ConfigureAwait(false);

                    // Waiting for events is not a service call: it is bounded by the caller's wait time, not the try timeout.
                    var events = await link.ReceiveAsync(maximumCount, maximumWaitTime, cancellationToken).ConfigureAwait(false);
                    if (events.Count > 0)
                    {
                        _lastSequenceNumber = events[^1].SequenceNumber;
                    }

                    return events;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        _closed = true;
        _link?.Close();
        return ValueTask.CompletedTask;
    }

    private async Task<AmqpConsumerLink> GetLinkAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            throw new EventHubsException(false, _scope.EventHubName, "The reader has been closed.", EventHubsException.FailureReason.ClientClosed);
        }

        if (_link is { IsClosed: false } link)
        {
            return link;
        }

        if (_link is not null)
        {
            _lastEnqueued = _link.LastEnqueuedEventProperties;
            _link.Close();
            _link = null;
        }

        var position = _lastSequenceNumber is { } last ? EventPosition.FromSequenceNumber(last, isInclusive: false) : _startingPosition;
        _link = await _scope.OpenConsumerLinkAsync(
            _consumerGroup, _partitionId, position, _ownerLevel, _prefetchCount, _trackLastEnqueued, cancellationToken).ConfigureAwait(false);
        return _link;
    }
}
