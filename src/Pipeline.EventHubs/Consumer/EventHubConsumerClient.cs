using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Pipeline.EventHubs.Amqp;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.EventHubs.Consumer;

/// <summary>
/// Reads events from the partitions of an Event Hub through a consumer group, shaped like
/// Azure.Messaging.EventHubs.Consumer.EventHubConsumerClient. All reads share the client's one AMQP connection.
/// </summary>
public class EventHubConsumerClient : IAsyncDisposable
{
    /// <summary>The consumer group every Event Hub has.</summary>
    public const string DefaultConsumerGroupName = "$Default";

    // Without a maximum wait time the reader waits indefinitely, in slices so the link is checked regularly.
    private static readonly TimeSpan IndefiniteWaitSlice = TimeSpan.FromSeconds(30);

    private readonly AmqpConnectionScope _scope;
    private readonly EventHubsRetryPolicy _retryPolicy;
    private volatile bool _closed;

    /// <summary>Connects with a connection string that names the Event Hub (EntityPath).</summary>
    public EventHubConsumerClient(string consumerGroup, string connectionString)
        : this(consumerGroup, connectionString, null, null)
    {
    }

    /// <summary>Connects with a connection string and an Event Hub name.</summary>
    public EventHubConsumerClient(string consumerGroup, string connectionString, string? eventHubName)
        : this(consumerGroup, connectionString, eventHubName, null)
    {
    }

    /// <summary>Connects with a connection string that names the Event Hub (EntityPath), with options.</summary>
    public EventHubConsumerClient(string consumerGroup, string connectionString, EventHubConsumerClientOptions? clientOptions)
        : this(consumerGroup, connectionString, null, clientOptions)
    {
    }

    /// <summary>Connects with a connection string, an Event Hub name and options.</summary>
    public EventHubConsumerClient(string consumerGroup, string connectionString, string? eventHubName, EventHubConsumerClientOptions? clientOptions)
        : this(consumerGroup, EventHubsEndpoint.FromConnectionString(connectionString, eventHubName), clientOptions)
    {
    }

    /// <summary>Connects with an Entra ID credential (e.g. DefaultAzureCredential).</summary>
    public EventHubConsumerClient(string consumerGroup, string fullyQualifiedNamespace, string eventHubName, TokenCredential credential, EventHubConsumerClientOptions? clientOptions = null)
        : this(consumerGroup, EventHubsEndpoint.FromCredential(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    /// <summary>Connects with a shared access key.</summary>
    public EventHubConsumerClient(string consumerGroup, string fullyQualifiedNamespace, string eventHubName, AzureNamedKeyCredential credential, EventHubConsumerClientOptions? clientOptions = null)
        : this(consumerGroup, EventHubsEndpoint.FromNamedKey(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    /// <summary>Connects with a shared access signature.</summary>
    public EventHubConsumerClient(string consumerGroup, string fullyQualifiedNamespace, string eventHubName, AzureSasCredential credential, EventHubConsumerClientOptions? clientOptions = null)
        : this(consumerGroup, EventHubsEndpoint.FromSasCredential(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    private EventHubConsumerClient(string consumerGroup, EventHubsEndpoint endpoint, EventHubConsumerClientOptions? clientOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerGroup);
        var options = clientOptions ?? new EventHubConsumerClientOptions();
        ConsumerGroup = consumerGroup;
        Identifier = options.Identifier ?? $"consumer-{Guid.NewGuid():N}";
        _retryPolicy = (options.RetryOptions ?? new EventHubsRetryOptions()).ToPolicy();
        _scope = new AmqpConnectionScope(endpoint, (options.ConnectionOptions ?? new EventHubConnectionOptions()).Clone(), Identifier);
    }

    /// <summary>The consumer group the client reads through.</summary>
    public string ConsumerGroup { get; }

    /// <summary>The namespace host.</summary>
    public string FullyQualifiedNamespace => _scope.FullyQualifiedNamespace;

    /// <summary>The Event Hub the client reads from.</summary>
    public string EventHubName => _scope.EventHubName;

    /// <summary>The client's name in the service's logs.</summary>
    public string Identifier { get; }

    /// <summary>True once the client was closed.</summary>
    public bool IsClosed => _closed;

    /// <summary>Reads the Event Hub's properties, including its partition ids.</summary>
    public Task<EventHubProperties> GetEventHubPropertiesAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return RetryLoop.RunAsync(_retryPolicy, EventHubName, token => AmqpManagement.GetEventHubPropertiesAsync(_scope, token), cancellationToken);
    }

    /// <summary>Reads the Event Hub's partition ids.</summary>
    public async Task<string[]> GetPartitionIdsAsync(CancellationToken cancellationToken = default) =>
        [.. (await GetEventHubPropertiesAsync(cancellationToken).ConfigureAwait(false)).PartitionIds];

    /// <summary>Reads one partition's properties.</summary>
    public Task<PartitionProperties> GetPartitionPropertiesAsync(string partitionId, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        return RetryLoop.RunAsync(_retryPolicy, EventHubName, token => AmqpManagement.GetPartitionPropertiesAsync(_scope, partitionId, token), cancellationToken);
    }

    /// <summary>Reads the events of one partition from <paramref name="startingPosition"/> on, until cancelled.</summary>
    public IAsyncEnumerable<PartitionEvent> ReadEventsFromPartitionAsync(string partitionId, EventPosition startingPosition, CancellationToken cancellationToken = default) =>
        ReadEventsFromPartitionAsync(partitionId, startingPosition, null, cancellationToken);

    /// <summary>Reads the events of one partition from <paramref name="startingPosition"/> on, until cancelled.</summary>
    public async IAsyncEnumerable<PartitionEvent> ReadEventsFromPartitionAsync(
        string partitionId,
        EventPosition startingPosition,
        ReadEventOptions? readOptions,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        var options = readOptions ?? new ReadEventOptions();
        await using var consumer = new PartitionConsumer(
            _scope, _retryPolicy, ConsumerGroup, partitionId, startingPosition, options.OwnerLevel, options.PrefetchCount, options.TrackLastEnqueuedEventProperties);
        var context = new PartitionContext(
            FullyQualifiedNamespace,
            EventHubName,
            ConsumerGroup,
            partitionId,
            options.TrackLastEnqueuedEventProperties ? () => consumer.LastEnqueuedEventProperties : null);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfClosed();
            var events = await consumer.ReceiveAsync(options.CacheEventCount, options.MaximumWaitTime ?? IndefiniteWaitSlice, cancellationToken).ConfigureAwait(false);
            if (events.Count == 0)
            {
                if (options.MaximumWaitTime is not null)
                {
                    yield return new PartitionEvent(context, null);
                }

                continue;
            }

            EventHubsActivitySource.StartReceive(FullyQualifiedNamespace, EventHubName, ConsumerGroup, partitionId, events)?.Dispose();

            foreach (var eventData in events)
            {
                yield return new PartitionEvent(context, eventData);
            }
        }
    }

    /// <summary>Closes the connection; running reads end with a ClientClosed error.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
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
            throw new EventHubsException(false, EventHubName, "The consumer client has been closed.", EventHubsException.FailureReason.ClientClosed);
        }
    }
}
