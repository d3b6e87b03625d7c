using Amqp;
using Amqp.Framing;

namespace Pipeline.EventHubs.Amqp;

/// <summary>An attached sender link: sends encoded messages and completes when the service settles them.</summary>
internal sealed class AmqpProducerLink
{
    private static readonly OutcomeCallback OnOutcome = HandleOutcome;

    private readonly Session _session;
    private readonly SenderLink _link;
    private readonly CbsTokenRenewal _renewal;
    private readonly string _eventHubName;

    public AmqpProducerLink(Session session, SenderLink link, ulong maxMessageSize, CbsTokenRenewal renewal, string eventHubName)
    {
        _session = session;
        _link = link;
        _renewal = renewal;
        _eventHubName = eventHubName;

        // A service that announces no limit gets the Standard tier's 1 MB, the smallest limit Azure applies.
        MaximumMessageSize = maxMessageSize is > 0 and <= int.MaxValue ? (long)maxMessageSize : 1024 * 1024;
    }

    /// <summary>The largest encoded message the service accepts on this link (its attach's <c>max-message-size</c>).</summary>
    public long MaximumMessageSize { get; }

    public bool IsClosed => _link.IsClosed || _session.IsClosed || _session.Connection.IsClosed;

    public Task SendAsync(Message message, CancellationToken cancellationToken)
    {
        if (IsClosed)
        {
            throw AmqpErrorMapper.FromError(_link.Error ?? _session.Connection.Error, _eventHubName);
        }

        var settled = new SendOperation(_eventHubName);
        _link.Send(message, OnOutcome, settled);
        return settled.WaitAsync(cancellationToken);
    }

    public void Close()
    {
        _renewal.Dispose();
        _session.Close(TimeSpan.Zero);
    }

    private static void HandleOutcome(ILink link, Message message, Outcome outcome, object state)
    {
        var operation = (SendOperation)state;
        switch (outcome)
        {
            case Accepted:
                // The encoded batch goes back to the transport's buffer pool: AMQPNetLite returns a sent message's
                // buffer only when the message is disposed (before, every batch took a fresh 2 MB array). Only here:
                // when a link aborts, AMQPNetLite reports the outcome and then releases the buffer itself.
                message?.Dispose();
                operation.Completion.TrySetResult();
                break;
            case Rejected rejected:
                operation.Completion.TrySetException(AmqpErrorMapper.FromError(rejected.Error, operation.EventHubName));
                break;
            default:
                // Released or no outcome: the link went away before the service settled the message.
                operation.Completion.TrySetException(AmqpErrorMapper.FromError(((Link)link).Error, operation.EventHubName));
                break;
        }
    }

    private sealed class SendOperation(string eventHubName)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string EventHubName => eventHubName;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled)
            {
                await Completion.Task.ConfigureAwait(false);
                return;
            }

            await Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
