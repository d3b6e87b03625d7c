using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// The AMQPNetLite container of the emulator: supplies the guarded socket transport, remembers each incoming
/// message's wire size (for max-message-size and throughput accounting) and hands every attach to the router.
/// </summary>
internal sealed class EmulatorContainer(TransportProvider transport) : IContainer
{
    private readonly ConditionalWeakTable<Message, StrongBox<int>> sizes = new();

    public LinkRouter? Router { get; set; }

    public X509Certificate2 ServiceCertificate => throw new InvalidOperationException("The emulator listens on plain AMQP only.");

    public IDictionary<string, TransportProvider> CustomTransports { get; } = new Dictionary<string, TransportProvider>(StringComparer.OrdinalIgnoreCase)
    {
        ["amqp"] = transport,
    };

    public int SizeOf(Message message) =>
        sizes.TryGetValue(message, out var size) ? size.Value : message.Encode().Length;

    public Message CreateMessage(ByteBuffer buffer)
    {
        var size = buffer.Length;
        var message = Message.Decode(buffer);
        sizes.AddOrUpdate(message, new StrongBox<int>(size));
        return message;
    }

    public Link CreateLink(ListenerConnection connection, ListenerSession session, Attach attach) => new ListenerLink(session, attach);

    public bool AttachLink(ListenerConnection connection, ListenerSession session, Link link, Attach attach)
    {
        Router!.Attach(connection, (ListenerLink)link, attach);
        return true;
    }
}
