using Amqp;
using Amqp.Framing;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// Waits until the service answers a link's attach: a remote attach with a terminus is success; a refusal is an attach
/// without terminus followed by a detach carrying the error, which becomes the client's exception.
/// </summary>
internal sealed class AmqpLinkAttacher
{
    private readonly TaskCompletionSource<Attach> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _isReceiver;
    private readonly string? _eventHubName;

    public AmqpLinkAttacher(bool isReceiver, string? eventHubName)
    {
        _isReceiver = isReceiver;
        _eventHubName = eventHubName;
    }

    /// <summary>Pass to the link constructor.</summary>
    public void OnAttached(ILink link, Attach attach)
    {
        bool refused = _isReceiver ? attach.Source is null : attach.Target is null;
        if (!refused)
        {
            _attached.TrySetResult(attach);
        }
    }

    /// <summary>Waits for the remote attach; closes the link if the wait is cancelled.</summary>
    public async Task<Attach> WaitAsync(Link link, CancellationToken cancellationToken)
    {
        link.AddClosedCallback((_, error) => _attached.TrySetException(AmqpErrorMapper.FromError(error, _eventHubName)));
        using var registration = cancellationToken.Register(() =>
        {
            if (_attached.TrySetCanceled(cancellationToken))
            {
                link.Close(TimeSpan.Zero);
            }
        });
        return await _attached.Task.ConfigureAwait(false);
    }
}
