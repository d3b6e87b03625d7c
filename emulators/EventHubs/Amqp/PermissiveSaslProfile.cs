using Amqp;
using Amqp.Sasl;
using Amqp.Types;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// SASL ANONYMOUS and PLAIN that let every client in: Event Hubs authorizes through CBS tokens after the
/// connection opens (the JavaScript SDK even sends ANONYMOUS), so SASL only has to complete quickly.
/// </summary>
internal sealed class PermissiveSaslProfile(Symbol mechanism) : SaslProfile(mechanism)
{
    public const string AnonymousName = "ANONYMOUS";
    public const string PlainName = "PLAIN";

    protected override ITransport UpgradeTransport(ITransport transport) => transport;

    protected override DescribedList GetStartCommand(string hostname) =>
        throw new InvalidOperationException("The server side of SASL does not start the exchange.");

    protected override DescribedList OnCommand(DescribedList command) => command switch
    {
        SaslInit => new SaslOutcome { Code = SaslCode.Ok },
        _ => throw new AmqpException(ErrorCode.NotAllowed, $"Unexpected SASL frame {command.Descriptor.Name}."),
    };
}
