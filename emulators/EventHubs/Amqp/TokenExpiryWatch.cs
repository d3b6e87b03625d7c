using Amqp;
using Amqp.Listener;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Closes an attached link when the CBS token that authorized it expires without being renewed, as Event Hubs
/// does: clients must put a fresh token before the old one runs out.
/// </summary>
internal sealed class TokenExpiryWatch : IDisposable
{
    private readonly ConnectionContext context;
    private readonly ListenerLink link;
    private readonly string path;
    private readonly string claim;
    private readonly Timer timer;

    private TokenExpiryWatch(ConnectionContext context, ListenerLink link, string path, string claim)
    {
        this.context = context;
        this.link = link;
        this.path = path;
        this.claim = claim;
        timer = new Timer(_ => Check());
    }

    public static void Start(ConnectionContext context, ListenerLink link, string path, string claim)
    {
        var watch = new TokenExpiryWatch(context, link, path, claim);
        link.AddClosedCallback((_, _) => watch.Dispose());
        watch.Schedule();
    }

    public void Dispose() => timer.Dispose();

    private void Schedule()
    {
        if (context.AuthorizedUntil(path) is { } until)
        {
            // Timer periods are capped; a long-lived token is simply checked again later.
            var due = TimeSpan.FromMilliseconds(Math.Clamp((until - DateTimeOffset.UtcNow).TotalMilliseconds + 50, 0, int.MaxValue - 1));
            timer.Change(due, Timeout.InfiniteTimeSpan);
            return;
        }

        Dispose();
        try
        {
            link.Close(TimeSpan.Zero, EventHubsErrors.TokenExpired(claim, path));
        }
        catch (AmqpException)
        {
            // Already closing.
        }
    }

    private void Check()
    {
        try
        {
            Schedule();
        }
        catch (ObjectDisposedException)
        {
            // The link closed while the timer fired.
        }
    }
}
