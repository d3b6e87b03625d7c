using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Sasl;
using Amqp.Types;

namespace Pipeline.EventHubs.Amqp;

/// <summary>
/// SASL ANONYMOUS, as Event Hubs expects before CBS authorizes the connection, that also installs a
/// <see cref="ReadAheadTransport"/> once the handshake is over: the upgrade is the one hook AMQPNetLite offers for
/// wrapping its own TCP or TLS transport, so the socket settings, TLS and cancellation of the factory stay in force.
/// </summary>
internal sealed class ReadAheadAnonymousSaslProfile : SaslProfile
{
    private const string AnonymousName = "ANONYMOUS";

    public ReadAheadAnonymousSaslProfile()
        : base(new Symbol(AnonymousName))
    {
    }

    protected override ITransport UpgradeTransport(ITransport transport) =>
        transport is IAsyncTransport asyncTransport ? new ReadAheadTransport(asyncTransport) : transport;

    protected override DescribedList GetStartCommand(string hostname) =>
        new SaslInit { Mechanism = Mechanism, InitialResponse = Encoding.UTF8.GetBytes(AnonymousName) };

    protected override DescribedList? OnCommand(DescribedList command) =>
        command is SaslMechanisms
            ? null
            : throw new AmqpException(ErrorCode.NotAllowed, $"Unexpected SASL frame {command.Descriptor.Name} from the service.");
}
