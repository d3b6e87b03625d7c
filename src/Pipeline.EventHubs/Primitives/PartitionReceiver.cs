using Azure;
using Azure.Core;
using Pipeline.EventHubs.Amqp;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.EventHubs.Primitives;

/// <summary>
/// Pulls batches of events from one partition, shaped like Azure.Messaging.EventHubs.Primitives.PartitionReceiver:
/// the building block for hosts that pump batches into functions. Owns its own connection; thread-safe.
/// </summary>
public class PartitionReceiver : IAsyncDisposable
{
    private readonly AmqpConnectionScope _scope;
    private readonly EventHubsRetryPolicy _retryPolicy;
    private readonly PartitionConsumer _consumer;
    private readonly TimeSpan _defaultWaitTime;
    private readonly bool _trackLastEnqueued;
    private volatile bool _closed;

    /// <summary>Connects with a connection string that names the Event Hub (EntityPath).</summary>
    public PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, string connectionString, PartitionReceiverOptions? options = null)
        : this(consumerGroup, partitionId, eventPosition, EventHubsEndpoint.FromConnectionString(connectionString, null), options)
    {
    }

    /// <summary>Connects with a connection string and an Event Hub name.</summary>
    public PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, string connectionString, string eventHubName, PartitionReceiverOptions? options = null)
        : this(consumerGroup, partitionId, eventPosition, EventHubsEndpoint.FromConnectionString(connectionString, eventHubName), options)
    {
    }

    /// <summary>Connects with an Entra ID credential (e.g. DefaultAzureCredential).</summary>
    public PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, string fullyQualifiedNamespace, string eventHubName, TokenCredential credential, PartitionReceiverOptions? options = null)
        : this(consumerGroup, partitionId, eventPosition, EventHubsEndpoint.FromCredential(fullyQualifiedNamespace, eventHubName, credential), options)
    {
    }

    /// <summary>Connects with a shared access key.</summary>
    public PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, string fullyQualifiedNamespace, string eventHubName, AzureNamedKeyCredential credential, PartitionReceiverOptions? options = null)
        : this(consumerGroup, partitionId, eventPosition, EventHubsEndpoint.FromNamedKey(fullyQualifiedNamespace, eventHubName, credential), options)
    {
    }

    /// <summary>Connects with a shared access signature.</summary>
    public PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, string fullyQualifiedNamespace, string eventHubName, AzureSasCredential credential, PartitionReceiverOptions? options = null)
        : this(consumerGroup, partitionId, eventPosition, EventHubsEndpoint.FromSasCredential(fullyQualifiedNamespace, eventHubName, credential), options)
    {
    }

    private PartitionReceiver(string consumerGroup, string partitionId, EventPosition eventPosition, EventHubsEndpoint endpoint, PartitionReceiverOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionId);
        options ??= new PartitionReceiverOptions();
        ConsumerGroup = consumerGroup;
        PartitionId = partitionId;
        InitialPosition = eventPosition;
        Identifier = options.Identifier ?? $"receiver-{Guid.NewGuid():N}";
        _defaultWaitTime = options.DefaultMaximumReceiveWaitTime;
        _trackLastEnqueued = options.TrackLastEnqueuedEventProperties;
        _retryPolicy = (options.RetryOptions ?? new EventHubsRetryOptions()).ToPolicy();
        _scope = new AmqpConnectionScope(endpoint, (options.ConnectionOptions ?? new EventHubConnectionOptions()).Clone(), Identifier);
        _consumer = new PartitionConsumer(
            _scope, _retryPolicy, consumerGroup, partitionId, eventPosition, options.OwnerLevel, options.PrefetchCount, options.TrackLastEnqueuedEventProperties);
    }

    /// <summary>The consumer group the receiver reads through.</summary>
    public string ConsumerGroup { get; }

    /// <summary>The partition the receiver reads.</summary>
    public string PartitionId { get; }

    /// <summary>Where the receiver started.</summary>
    public EventPosition InitialPosition { get; }

    /// <summary>The namespace host.</summary>
    public string FullyQualifiedNamespace => _scope.FullyQualifiedNamespace;

    /// <summary>The Event Hub the receiver reads from.</summary>
    public string EventHubName => _scope.EventHubName;

    /// <summary>The receiver's name in the service's logs.</summary>
    public string Identifier { get; }

    /// <summary>True once the receiver was closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>Reads the properties of the receiver's partition.</summary>
    public Task<PartitionProperties> GetPartitionPropertiesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return RetryLoop.RunAsync(_retryPolicy, EventHubName, token => AmqpManagement.GetPartitionPropertiesAsync(_scope, PartitionId, token), cancellationToken);
    }

    /// <summary>The partition's newest event as last reported with a delivery.</summary>
    public LastEnqueuedEventProperties ReadLastEnqueuedEventProperties() =>
        _trackLastEnqueued
            ? _consumer.LastEnqueuedEventProperties
            : throw new InvalidOperationException("Last enqueued event properties are only tracked when PartitionReceiverOptions.TrackLastEnqueuedEventProperties is set.");

    /// <summary>Receives up to <paramref name="maximumEventCount"/> events, waiting up to the default wait time for the first.</summary>
    public Task<IEnumerable<EventData>> ReceiveBatchAsync(int maximumEventCount, CancellationToken cancellationToken = default) =>
        ReceiveBatchAsync(maximumEventCount, _defaultWaitTime, cancellationToken);

    /// <summary>
    /// Receives up to <paramref name="maximumEventCount"/> events: waits up to <paramref name="maximumWaitTime"/> for the
    /// first, then returns what has arrived. An empty result means no event arrived in time.
    /// </summary>
    public async Task<IEnumerable<EventData>> ReceiveBatchAsync(int maximumEventCount, TimeSpan maximumWaitTime, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumEventCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumWaitTime, TimeSpan.Zero);
        ThrowIfClosed();
        var events = await _consumer.ReceiveAsync(maximumEventCount, maximumWaitTime, cancellationToken).ConfigureAwait(false);
        if (events.Count > 0)
        {
            EventHubsActivitySource.StartReceive(FullyQualifiedNamespace, EventHubName, ConsumerGroup, PartitionId, events)?.Dispose();
        }

        return events;
    }

    /// <summary>Closes the link and the connection.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        await _consumer.DisposeAsync().ConfigureAwait(false);
        await _scope.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new EventHubsException(false, EventHubName, "The receiver has been closed.", EventHubsException.FailureReason.ClientClosed);
        }
    }
}
