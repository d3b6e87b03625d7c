using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Pipeline.EventHubs.Amqp;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.EventHubs.Producer;

/// <summary>
/// Publishes events to an Event Hub, shaped like Azure.Messaging.EventHubs.Producer.EventHubProducerClient: one AMQP
/// connection per client, one cached sender link per destination, transient failures retried. Thread-safe and meant
/// to live as long as the application.
/// </summary>
public class EventHubProducerClient : IAsyncDisposable
{
    private const string AnyPartition = "";

    private readonly AmqpConnectionScope _scope;
    private readonly EventHubsRetryPolicy _retryPolicy;
    private readonly ConcurrentDictionary<string, AmqpProducerLink> _links = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _linkGate = new(1, 1);
    private volatile bool _closed;

    /// <summary>Connects with a connection string that names the Event Hub (EntityPath).</summary>
    public EventHubProducerClient(string connectionString)
        : this(connectionString, null, null)
    {
    }

    /// <summary>Connects with a connection string and an Event Hub name.</summary>
    public EventHubProducerClient(string connectionString, string? eventHubName)
        : this(connectionString, eventHubName, null)
    {
    }

    /// <summary>Connects with a connection string that names the Event Hub (EntityPath), with options.</summary>
    public EventHubProducerClient(string connectionString, EventHubProducerClientOptions? clientOptions)
        : this(connectionString, null, clientOptions)
    {
    }

    /// <summary>Connects with a connection string, an Event Hub name and options.</summary>
    public EventHubProducerClient(string connectionString, string? eventHubName, EventHubProducerClientOptions? clientOptions)
        : this(EventHubsEndpoint.FromConnectionString(connectionString, eventHubName), clientOptions)
    {
    }

    /// <summary>Connects with an Entra ID credential (e.g. DefaultAzureCredential).</summary>
    public EventHubProducerClient(string fullyQualifiedNamespace, string eventHubName, TokenCredential credential, EventHubProducerClientOptions? clientOptions = null)
        : this(EventHubsEndpoint.FromCredential(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    /// <summary>Connects with a shared access key.</summary>
    public EventHubProducerClient(string fullyQualifiedNamespace, string eventHubName, AzureNamedKeyCredential credential, EventHubProducerClientOptions? clientOptions = null)
        : this(EventHubsEndpoint.FromNamedKey(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    /// <summary>Connects with a shared access signature.</summary>
    public EventHubProducerClient(string fullyQualifiedNamespace, string eventHubName, AzureSasCredential credential, EventHubProducerClientOptions? clientOptions = null)
        : this(EventHubsEndpoint.FromSasCredential(fullyQualifiedNamespace, eventHubName, credential), clientOptions)
    {
    }

    private EventHubProducerClient(EventHubsEndpoint endpoint, EventHubProducerClientOptions? clientOptions)
    {
        var options = clientOptions ?? new EventHubProducerClientOptions();
        Identifier = options.Identifier ?? $"producer-{Guid.NewGuid():N}";
        _retryPolicy = (options.RetryOptions ?? new EventHubsRetryOptions()).ToPolicy();
        _scope = new AmqpConnectionScope(endpoint, (options.ConnectionOptions ?? new EventHubConnectionOptions()).Clone(), Identifier);
    }

    /// <summary>The namespace host.</summary>
    public string FullyQualifiedNamespace => _scope.FullyQualifiedNamespace;

    /// <summary>The Event Hub the client publishes to.</summary>
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

    /// <summary>Creates an empty batch the service balances across partitions, limited by the link's maximum message size.</summary>
    public ValueTask<EventDataBatch> CreateBatchAsync(CancellationToken cancellationToken = default) =>
        CreateBatchAsync(new CreateBatchOptions(), cancellationToken);

    /// <summary>Creates an empty batch for a partition key or partition, optionally with a smaller size limit.</summary>
    public async ValueTask<EventDataBatch> CreateBatchAsync(CreateBatchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ThrowIfClosed();
        var link = await RetryLoop.RunAsync(_retryPolicy, EventHubName, token => GetLinkAsync(options.PartitionId, token), cancellationToken).ConfigureAwait(false);
        long limit = link.MaximumMessageSize;
        if (options.MaximumSizeInBytes is { } requested)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(requested, 1L, nameof(options));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(requested, limit, nameof(options));
            limit = requested;
        }

        return new EventDataBatch(limit, EventHubName, FullyQualifiedNamespace, new CreateBatchOptions
        {
            PartitionId = options.PartitionId,
            PartitionKey = options.PartitionKey,
            MaximumSizeInBytes = limit,
        });
    }

    /// <summary>Sends events as one batch that the service balances across partitions.</summary>
    public Task SendAsync(IEnumerable<EventData> eventBatch, CancellationToken cancellationToken = default) =>
        SendAsync(eventBatch, new SendEventOptions(), cancellationToken);

    /// <summary>Sends events as one batch to a partition key or partition; fails with MessageSizeExceeded if they do not fit one message.</summary>
    public async Task SendAsync(IEnumerable<EventData> eventBatch, SendEventOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventBatch);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var batch = await CreateBatchAsync(new CreateBatchOptions { PartitionId = options.PartitionId, PartitionKey = options.PartitionKey }, cancellationToken).ConfigureAwait(false);
        foreach (var eventData in eventBatch)
        {
            if (!batch.TryAdd(eventData))
            {
                throw new EventHubsException(
                    false,
                    EventHubName,
                    $"The events do not fit in one message of at most {batch.MaximumSizeInBytes} bytes; use CreateBatchAsync and send several batches.",
                    EventHubsException.FailureReason.MessageSizeExceeded);
            }
        }

        await SendAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a batch built with <see cref="CreateBatchAsync(CreateBatchOptions, CancellationToken)"/>.</summary>
    public async Task SendAsync(EventDataBatch eventBatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventBatch);
        ThrowIfClosed();
        if (!string.Equals(eventBatch.EventHubName, EventHubName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The batch was created for Event Hub '{eventBatch.EventHubName}', not '{EventHubName}'.", nameof(eventBatch));
        }

        if (eventBatch.Count == 0)
        {
            return;
        }

        eventBatch.Lock();
        try
        {
            using var activity = EventHubsActivitySource.StartSend(FullyQualifiedNamespace, EventHubName, eventBatch.PartitionId, eventBatch.TraceParents);
            try
            {
                await RetryLoop.RunAsync(
                    _retryPolicy,
                    EventHubName,
                    async token =>
                    {
                        var link = await GetLinkAsync(eventBatch.PartitionId, token).ConfigureAwait(false);
                        await link.SendAsync(eventBatch.ToMessage(), token).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, exception.Message);
                throw;
            }
        }
        finally
        {
            eventBatch.Unlock();
        }
    }

    /// <summary>Closes the links and the connection; the client cannot be used afterwards.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        foreach (var link in _links.Values)
        {
            link.Close();
        }

        _links.Clear();
        await _scope.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    private async Task<AmqpProducerLink> GetLinkAsync(string? partitionId, CancellationToken cancellationToken)
    {
        string key = partitionId ?? AnyPartition;
        if (_links.TryGetValue(key, out var link) && !link.IsClosed)
        {
            return link;
        }

        await _linkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfClosed();
            if (_links.TryGetValue(key, out link) && !link.IsClosed)
            {
                return link;
            }

            link?.Close();
            link = await _scope.OpenProducerLinkAsync(partitionId, cancellationToken).ConfigureAwait(false);
            _links[key] = link;
            return link;
        }
        finally
        {
            _linkGate.Release();
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new EventHubsException(false, EventHubName, "The producer client has been closed.", EventHubsException.FailureReason.ClientClosed);
        }
    }
}
