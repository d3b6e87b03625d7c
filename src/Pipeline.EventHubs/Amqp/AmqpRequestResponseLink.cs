using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// A sender/receiver pair on one session for the service's request-response nodes (<c>$cbs</c>, <c>$management</c>):
/// requests carry a message id and reply-to, responses are matched by correlation id.
/// </summary>
internal sealed class AmqpRequestResponseLink
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Message>> _pending = new(StringComparer.Ordinal);
    private readonly Session _session;
    private readonly SenderLink _sender;
    private readonly ReceiverLink _receiver;
    private readonly string _replyTo;
    private readonly string? _eventHubName;

    private AmqpRequestResponseLink(Session session, SenderLink sender, ReceiverLink receiver, string replyTo, string? eventHubName)
    {
        _session = session;
        _sender = sender;
        _receiver = receiver;
        _replyTo = replyTo;
        _eventHubName = eventHubName;
    }

    public bool IsClosed => _sender.IsClosed || _receiver.IsClosed || _session.IsClosed;

    public static async Task<AmqpRequestResponseLink> OpenAsync(Connection connection, string node, string? eventHubName, CancellationToken cancellationToken)
    {
        string id = Guid.NewGuid().ToString("N");
        string replyTo = $"{node}-reply-{id}";
        var session = new Session(connection);
        try
        {
            var senderAttacher = new AmqpLinkAttacher(isReceiver: false, eventHubName);
            var sender = new SenderLink(
                session,
                $"{node}-sender-{id}",
                new Attach { Source = new Source { Address = replyTo }, Target = new Target { Address = node }, SndSettleMode = SenderSettleMode.Settled },
                senderAttacher.OnAttached);
            var receiverAttacher = new AmqpLinkAttacher(isReceiver: true, eventHubName);
            var receiver = new ReceiverLink(
                session,
                replyTo,
                new Attach { Source = new Source { Address = node }, Target = new Target { Address = replyTo } },
                receiverAttacher.OnAttached);
            var link = new AmqpRequestResponseLink(session, sender, receiver, replyTo, eventHubName);
            receiver.Start(100, link.OnResponse);
            sender.AddClosedCallback((_, error) => link.FailAll(error));
            receiver.AddClosedCallback((_, error) => link.FailAll(error));
            await senderAttacher.WaitAsync(sender, cancellationToken).ConfigureAwait(false);
            await receiverAttacher.WaitAsync(receiver, cancellationToken).ConfigureAwait(false);
            return link;
        }
        catch
        {
            session.Close(TimeSpan.Zero);
            throw;
        }
    }

    /// <summary>Sends a request and waits for its response; the caller checks the status code.</summary>
    public async Task<Message> RequestAsync(object? body, IReadOnlyDictionary<string, object> applicationProperties, CancellationToken cancellationToken)
    {
        string messageId = Guid.NewGuid().ToString("N");
        var request = new Message(body)
        {
            Properties = new Properties { MessageId = messageId, ReplyTo = _replyTo },
            ApplicationProperties = new ApplicationProperties(),
        };
        foreach (var (key, value) in applicationProperties)
        {
            request.ApplicationProperties[key] = value;
        }

        var response = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[messageId] = response;
        try
        {
            if (IsClosed)
            {
                throw AmqpErrorMapper.FromError(_sender.Error ?? _receiver.Error, _eventHubName);
            }

            _sender.Send(request, null, null);
            using var registration = cancellationToken.Register(() => response.TrySetCanceled(cancellationToken));
            return await response.Task.ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(messageId, out _);
        }
    }

    public void Close() => _session.Close(TimeSpan.Zero);

    /// <summary>Reads the response status the way the Event Hubs nodes send it: an int (sometimes a string) in <c>status-code</c>.</summary>
    public static (int Status, string? Description) ReadStatus(Message response)
    {
        var properties = response.ApplicationProperties;
        object? status = properties?["status-code"] ?? properties?["statusCode"];
        object? description = properties?["status-description"] ?? properties?["statusDescription"];
        int code = status switch
        {
            int value => value,
            long value => (int)value,
            short value => value,
            uint value => (int)value,
            string text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 500,
        };
        return (code, description?.ToString());
    }

    private void OnResponse(IReceiverLink receiver, Message message)
    {
        receiver.Accept(message);
        string? correlationId = message.Properties?.CorrelationId;
        if (correlationId is not null && _pending.TryGetValue(correlationId, out var waiter))
        {
            waiter.TrySetResult(message);
        }
    }

    private void FailAll(Error? error)
    {
        foreach (var waiter in _pending.Values)
        {
            waiter.TrySetException(AmqpErrorMapper.FromError(error, _eventHubName));
        }
    }
}
