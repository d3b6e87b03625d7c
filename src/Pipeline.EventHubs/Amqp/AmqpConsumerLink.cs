using System.Globalization;
using System.Threading.Channels;
using Amqp;
using Pipeline.EventHubs.Consumer;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// An attached receiver link with prefetch: the service may push up to the prefetch count of events ahead, they wait in
/// a local queue, and credit is handed back as the application takes them.
/// </summary>
internal sealed class AmqpConsumerLink
{
    private readonly Channel<Message> _received = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Session _session;
    private readonly string _eventHubName;
    private readonly string _partitionId;
    private ReceiverLink? _link;

    public AmqpConsumerLink(Session session, string eventHubName, string partitionId)
    {
        _session = session;
        _eventHubName = eventHubName;
        _partitionId = partitionId;
    }

    public CbsTokenRenewal? Renewal { get; set; }

    public bool IsClosed => _link is null || _link.IsClosed || _session.IsClosed || _session.Connection.IsClosed;

    /// <summary>The last enqueued event of the partition as the service last reported it, when tracking was asked for.</summary>
    public LastEnqueuedEventProperties LastEnqueuedEventProperties { get; private set; }

    public void Start(ReceiverLink link, int prefetchCount)
    {
        _link = link;
        link.AddClosedCallback((_, error) => _received.Writer.TryComplete(AmqpErrorMapper.FromError(error, _eventHubName)));
        link.Start(Math.Max(1, prefetchCount), (_, message) => _received.Writer.TryWrite(message));
    }

    /// <summary>
    /// Returns up to <paramref name="maximumCount"/> events: waits up to <paramref name="maximumWaitTime"/> for the first,
    /// then takes what has already arrived. An empty list means nothing arrived in time.
    /// </summary>
    public async Task<IReadOnlyList<EventData>> ReceiveAsync(int maximumCount, TimeSpan maximumWaitTime, CancellationToken cancellationToken)
    {
        var reader = _received.Reader;
        if (!reader.TryPeek(out _))
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(maximumWaitTime);
            try
            {
                // Throws the link's mapped error once the link closed and every buffered event was taken.
                await reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [];
            }
        }

        var events = new List<EventData>(Math.Min(maximumCount, 64));
        Message? newest = null;
        while (events.Count < maximumCount && reader.TryRead(out var message))
        {
            events.Add(AmqpMessageConverter.ToEventData(message));
            ReturnCredit(message);

            // The event copied what it needs; the transport buffer goes back to the pool.
            newest?.Dispose();
            newest = message;
        }

        if (newest is not null)
        {
            // Every delivery carries the partition's state when tracking is on; the newest one is all that matters.
            ReadLastEnqueued(newest);
            newest.Dispose();
        }

        return events;
    }

    public void Close()
    {
        Renewal?.Dispose();
        _session.Close(TimeSpan.Zero);
    }

    private void ReturnCredit(Message message)
    {
        var link = _link;
        if (link is null || link.IsClosed)
        {
            return;
        }

        try
        {
            // Events arrive pre-settled, so this sends nothing; it tells the link the slot is free for another event.
            link.Accept(message);
        }
        catch (AmqpException)
        {
            // The link closed between the check and the call; the next receive reports why.
        }
    }

    private void ReadLastEnqueued(Message message)
    {
        var annotations = message.DeliveryAnnotations;
        if (annotations is null)
        {
            return;
        }

        object? sequenceNumber = annotations[AmqpProperty.LastEnqueuedSequenceNumber];
        if (sequenceNumber is null)
        {
            return;
        }

        LastEnqueuedEventProperties = new LastEnqueuedEventProperties(
            Convert.ToInt64(sequenceNumber, CultureInfo.InvariantCulture),
            Convert.ToString(annotations[AmqpProperty.LastEnqueuedOffset], CultureInfo.InvariantCulture),
            annotations[AmqpProperty.LastEnqueuedTimeUtc] is DateTime enqueued ? new DateTimeOffset(DateTime.SpecifyKind(enqueued, DateTimeKind.Utc)) : null,
            annotations[AmqpProperty.RuntimeInfoRetrievalTimeUtc] is DateTime retrieved ? new DateTimeOffset(DateTime.SpecifyKind(retrieved, DateTimeKind.Utc)) : null);
    }

    public override string ToString() => $"{_eventHubName}/{_partitionId}";
}
