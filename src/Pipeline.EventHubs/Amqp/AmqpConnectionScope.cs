using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Types;
using Pipeline.EventHubs.Consumer;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// Owns a client's single AMQP connection and everything on it: the <c>$cbs</c> link that authorizes every other link,
/// the <c>$management</c> link, and the creation of sender and receiver links (one session each). A lost connection is
/// replaced by the next operation that needs it.
/// </summary>
internal sealed class AmqpConnectionScope : IAsyncDisposable
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);
    private static readonly TransportBufferPool SharedBuffers = new(256, 4 * 1024 * 1024, 64 * 1024 * 1024);

    private readonly EventHubsEndpoint _endpoint;
    private readonly EventHubConnectionOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _disposed = new();
    private Connection? _connection;
    private AmqpRequestResponseLink? _cbs;
    private AmqpRequestResponseLink? _management;

    public AmqpConnectionScope(EventHubsEndpoint endpoint, EventHubConnectionOptions options, string identifier)
    {
        _endpoint = endpoint;
        _options = options;
        Identifier = identifier;
    }

    public string Identifier { get; }

    public string EventHubName => _endpoint.EventHubName;

    public string FullyQualifiedNamespace => _endpoint.Host;

    public bool IsDisposed => _disposed.IsCancellationRequested;

    /// <summary>Opens a sender link to the Event Hub (service picks the partition) or to one partition.</summary>
    public async Task<AmqpProducerLink> OpenProducerLinkAsync(string? partitionId, CancellationToken cancellationToken)
    {
        string path = partitionId is null ? EventHubName : $"{EventHubName}/Partitions/{partitionId}";
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var expiresOn = await AuthorizeAsync(connection, path, cancellationToken).ConfigureAwait(false);
        var session = new Session(connection);
        var attacher = new AmqpLinkAttacher(isReceiver: false, EventHubName);
        var link = new SenderLink(
            session,
            $"{Identifier};sender;{Guid.NewGuid():N}",
            new Attach
            {
                Source = new Source { Address = Identifier },
                Target = new Target { Address = path },
                SndSettleMode = SenderSettleMode.Unsettled,
                RcvSettleMode = ReceiverSettleMode.First,
            },
            attacher.OnAttached);
        try
        {
            var remote = await attacher.WaitAsync(link, cancellationToken).ConfigureAwait(false);
            var renewal = StartRenewal(connection, path, expiresOn, link);
            return new AmqpProducerLink(session, link, remote.MaxMessageSize, renewal, EventHubName);
        }
        catch
        {
            session.Close(TimeSpan.Zero);
            throw;
        }
    }

    /// <summary>Opens a receiver link on one partition of a consumer group, starting at <paramref name="position"/>.</summary>
    public async Task<AmqpConsumerLink> OpenConsumerLinkAsync(
        string consumerGroup,
        string partitionId,
        EventPosition position,
        long? ownerLevel,
        int prefetchCount,
        bool trackLastEnqueuedEventProperties,
        CancellationToken cancellationToken)
    {
        string path = $"{EventHubName}/ConsumerGroups/{consumerGroup}/Partitions/{partitionId}";
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var expiresOn = await AuthorizeAsync(connection, path, cancellationToken).ConfigureAwait(false);

        var properties = new Fields { [AmqpProperty.ReceiverName] = Identifier };
        if (ownerLevel is { } level)
        {
            properties[AmqpProperty.OwnerLevel] = level;
        }

        var filters = new Map { [AmqpProperty.SelectorFilterName] = new DescribedValue(AmqpProperty.SelectorFilterCode, position.ToFilterExpression()) };
        var attach = new Attach
        {
            Source = new Source { Address = path, FilterSet = filters },
            Target = new Target { Address = Identifier },
            SndSettleMode = SenderSettleMode.Settled,
            RcvSettleMode = ReceiverSettleMode.First,
            Properties = properties,
            DesiredCapabilities = trackLastEnqueuedEventProperties ? [AmqpProperty.TrackLastEnqueuedEventProperties] : null,
        };

        var session = new Session(connection);
        var attacher = new AmqpLinkAttacher(isReceiver: true, EventHubName);
        var consumer = new AmqpConsumerLink(session, EventHubName, partitionId);
        var link = new ReceiverLink(session, $"{Identifier};receiver;{Guid.NewGuid():N}", attach, attacher.OnAttached);
        consumer.Start(link, prefetchCount);
        try
        {
            await attacher.WaitAsync(link, cancellationToken).ConfigureAwait(false);
            consumer.Renewal = StartRenewal(connection, path, expiresOn, link);
            return consumer;
        }
        catch
        {
            session.Close(TimeSpan.Zero);
            throw;
        }
    }

    /// <summary>Sends a read request to <c>$management</c> and returns the response body map, failing on a non-200 status.</summary>
    public async Task<Map> ManagementRequestAsync(IReadOnlyDictionary<string, object> applicationProperties, CancellationToken cancellationToken)
    {
        var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
        var management = await GetManagementLinkAsync(connection, cancellationToken).ConfigureAwait(false);
        var token = await _endpoint.TokenProvider.GetTokenAsync(_endpoint.Audience(EventHubName), cancellationToken).ConfigureAwait(false);
        var request = new Dictionary<string, object>(applicationProperties) { ["security_token"] = token.Token };
        var response = await management.RequestAsync(null, request, cancellationToken).ConfigureAwait(false);
        var (status, description) = AmqpRequestResponseLink.ReadStatus(response);
        if (status != 200)
        {
            throw AmqpErrorMapper.FromStatusCode(status, description, EventHubName);
        }

        return response.Body as Map
            ?? throw new EventHubsException(false, EventHubName, "The management response had no map body.", EventHubsException.FailureReason.GeneralError);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        await _gate.WaitAsync().ConfigureAwait(false);
        var connection = _connection;
        _connection = null;
        _gate.Release();
        if (connection is not null && !connection.IsClosed)
        {
            try
            {
                await connection.CloseAsync(CloseTimeout, null).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is AmqpException or TimeoutException or IOException or ObjectDisposedException)
            {
                // Closing is best effort: the socket is gone either way.
            }
        }
    }

    private async Task<Connection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var current = _connection;
        if (current is { IsClosed: false })
        {
            return current;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            if (_connection is { IsClosed: false } existing)
            {
                return existing;
            }

            _cbs = null;
            _management = null;
            _connection = await CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
            return _connection;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Connection> CreateConnectionAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory();
        factory.SASL.Profile = new ReadAheadAnonymousSaslProfile();
        factory.AMQP.ContainerId = Identifier;
        factory.AMQP.HostName = _endpoint.Host;
        factory.AMQP.IdleTimeout = (int)_options.ConnectionIdleTimeout.TotalMilliseconds;
        // A full batch (1 MB on Standard) travels as one frame instead of being cut into pieces the service reassembles.
        factory.AMQP.MaxFrameSize = 2 * 1024 * 1024;
        factory.AMQP.MaxSessionsPerConnection = 4096;
        factory.TCP.NoDelay = true;

        // Pooled transport buffers: a batch is up to 1 MB, and allocating that per send churns the large object heap.
        factory.BufferManager = SharedBuffers;
        if (_endpoint.UseTls && _options.CertificateValidationCallback is { } validate)
        {
            factory.SSL.RemoteCertificateValidationCallback = validate;
        }

        var address = new Address(_endpoint.Host, _endpoint.Port, null, null, "/", _endpoint.UseTls ? "amqps" : "amqp");
        return await factory.CreateAsync(address, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DateTimeOffset> AuthorizeAsync(Connection connection, string entityPath, CancellationToken cancellationToken)
    {
        string audience = _endpoint.Audience(entityPath);
        var token = await _endpoint.TokenProvider.GetTokenAsync(audience, cancellationToken).ConfigureAwait(false);
        var cbs = await GetRequestResponseLinkAsync(connection, "$cbs", cancellationToken).ConfigureAwait(false);
        var response = await cbs.RequestAsync(
            token.Token,
            new Dictionary<string, object>
            {
                ["operation"] = "put-token",
                ["type"] = token.TokenType,
                ["name"] = audience,
            },
            cancellationToken).ConfigureAwait(false);
        var (status, description) = AmqpRequestResponseLink.ReadStatus(response);
        if (status is not (200 or 202))
        {
            throw AmqpErrorMapper.FromStatusCode(status, description, EventHubName);
        }

        return token.ExpiresOn;
    }

    private async Task<AmqpRequestResponseLink> GetManagementLinkAsync(Connection connection, CancellationToken cancellationToken)
    {
        if (_management is { IsClosed: false } existing)
        {
            return existing;
        }

        await AuthorizeAsync(connection, $"{EventHubName}/$management", cancellationToken).ConfigureAwait(false);
        return await GetRequestResponseLinkAsync(connection, "$management", cancellationToken).ConfigureAwait(false);
    }

    private async Task<AmqpRequestResponseLink> GetRequestResponseLinkAsync(Connection connection, string node, CancellationToken cancellationToken)
    {
        var cached = node == "$cbs" ? _cbs : _management;
        if (cached is { IsClosed: false })
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = node == "$cbs" ? _cbs : _management;
            if (cached is { IsClosed: false } && ReferenceEquals(connection, _connection))
            {
                return cached;
            }

            var link = await AmqpRequestResponseLink.OpenAsync(connection, node, EventHubName, cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(connection, _connection))
            {
                if (node == "$cbs")
                {
                    _cbs = link;
                }
                else
                {
                    _management = link;
                }
            }

            return link;
        }
        finally
        {
            _gate.Release();
        }
    }

    private CbsTokenRenewal StartRenewal(Connection connection, string entityPath, DateTimeOffset expiresOn, Link link)
    {
        var renewal = new CbsTokenRenewal(expiresOn, token => AuthorizeAsync(connection, entityPath, token));
        link.AddClosedCallback((_, _) => renewal.Dispose());
        return renewal;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed.IsCancellationRequested)
        {
            throw new EventHubsException(false, EventHubName, "The client has been closed.", EventHubsException.FailureReason.ClientClosed);
        }
    }
}
