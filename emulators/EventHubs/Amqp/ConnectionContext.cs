using System.Runtime.CompilerServices;
using Amqp;
using Amqp.Listener;
using Pipeline.Emulators.EventHubs.Nodes;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// What the emulator remembers about one AMQP connection: the CBS tokens it put (audience and expiry) and its
/// reply links, which $cbs and $management address by link name because they carry no target address.
/// </summary>
internal sealed class ConnectionContext
{
    private static readonly ConditionalWeakTable<Connection, ConnectionContext> Contexts = new();

    private readonly object gate = new();
    private readonly List<(string Path, DateTimeOffset Expiry)> grants = [];
    private readonly Dictionary<string, ReplyLink> replyLinks = new(StringComparer.Ordinal);

    public static ConnectionContext For(Connection connection) => Contexts.GetValue(connection, _ => new ConnectionContext());

    public void Grant(string path, DateTimeOffset expiry)
    {
        lock (gate)
        {
            grants.RemoveAll(g => g.Path == path || g.Expiry <= DateTimeOffset.UtcNow);
            grants.Add((path, expiry));
        }
    }

    /// <summary>True when an unexpired token covers <paramref name="entityPath"/> (an audience covers its sub-paths).</summary>
    public bool IsAuthorized(string entityPath)
    {
        var path = Audience.Normalize(entityPath);
        var now = DateTimeOffset.UtcNow;
        lock (gate)
        {
            return grants.Any(g => g.Expiry > now && Audience.Covers(g.Path, path));
        }
    }

    public void AddReplyLink(string name, ListenerLink link)
    {
        var reply = new ReplyLink(link);
        lock (gate)
        {
            replyLinks[name] = reply;
        }

        link.AddClosedCallback((_, _) =>
        {
            lock (gate)
            {
                if (replyLinks.TryGetValue(name, out var current) && current == reply)
                {
                    replyLinks.Remove(name);
                }
            }
        });
    }

    public ReplyLink? FindReplyLink(string? name)
    {
        if (name is null)
        {
            return null;
        }

        lock (gate)
        {
            return replyLinks.GetValueOrDefault(name);
        }
    }
}
