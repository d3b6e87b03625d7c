using Amqp;
using Amqp.Listener;
using Amqp.Types;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// The sending end of a $cbs or $management reply link. Replies wait for link credit, because a client may
/// send its request before granting credit on the reply link (AMQPNetLite's receiver does exactly that).
/// </summary>
internal sealed class ReplyLink
{
    private readonly object gate = new();
    private readonly Queue<Message> pending = new();
    private readonly ListenerLink link;
    private int credit;

    public ReplyLink(ListenerLink link)
    {
        this.link = link;
        link.InitializeSender(OnCredit, (_, _, _, _) => { }, null);
    }

    public void Send(Message reply)
    {
        lock (gate)
        {
            if (credit <= 0 || pending.Count > 0)
            {
                pending.Enqueue(reply);
                return;
            }

            credit--;
        }

        Transmit(reply);
    }

    private void OnCredit(int delta, Fields properties, object? state)
    {
        var ready = new List<Message>();
        lock (gate)
        {
            credit = delta > 0 ? credit + delta : 0;
            while (credit > 0 && pending.Count > 0)
            {
                ready.Add(pending.Dequeue());
                credit--;
            }
        }

        foreach (var reply in ready)
        {
            Transmit(reply);
        }
    }

    private void Transmit(Message reply)
    {
        try
        {
            link.SendMessage(reply);
        }
        catch (AmqpException)
        {
            // The client closed its reply link first; there is nobody to answer.
        }
    }
}
