using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Capacity;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.EventHubs.Errors;
using Pipeline.Emulators.EventHubs.Nodes;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Decides what every attach means: a $cbs or $management request or reply link, a producer into a hub or
/// partition, or a partition receiver. Refusals carry Event Hubs' error conditions.
/// </summary>
internal sealed class LinkRouter(
    EventHubsNamespace ns,
    CbsNode cbs,
    ManagementNode management,
    EventHubsEmulatorOptions options,
    ThroughputUnitLimiter? limiter,
    Func<Message, int> sizeOf)
{
    private const string CbsAddress = "$cbs";
    private const string ManagementAddress = "$management";
    private const uint RequestCredit = 100;
    private const uint PublishCredit = 1000;
    private static readonly Symbol EpochProperty = new("com.microsoft:epoch");

    public void Attach(ListenerConnection connection, ListenerLink link, Attach attach)
    {
        var context = ConnectionContext.For(connection);
        var clientSends = !attach.Role;
        var address = clientSends ? (attach.Target as Target)?.Address : (attach.Source as Source)?.Address;
        attach.MaxMessageSize = (ulong)options.MaxMessageSize;

        if (IsNode(address, CbsAddress))
        {
            AttachNode(context, link, attach, clientSends, request => cbs.Handle(request, context));
            return;
        }

        if (IsNode(address, ManagementAddress))
        {
            AttachNode(context, link, attach, clientSends, request => management.Handle(request, context));
            return;
        }

        var entity = EntityAddress.Parse(address) ?? throw new AmqpException(EventHubsErrors.InvalidAddress(address));
        if (clientSends ? entity.ConsumerGroup is not null : entity.ConsumerGroup is null)
        {
            throw new AmqpException(EventHubsErrors.InvalidAddress(address));
        }

        if (!context.IsAuthorized(entity.AuthorizationPath))
        {
            throw new AmqpException(EventHubsErrors.Unauthorized(clientSends ? "Send" : "Listen", entity.AuthorizationPath));
        }

        var hub = ns.Find(entity.Hub) ?? throw new AmqpException(EventHubsErrors.EntityNotFound(entity.Hub));
        int? partition = null;
        if (entity.PartitionId is not null)
        {
            partition = hub.TryGetPartition(entity.PartitionId, out var p)
                ? p
                : throw new AmqpException(EventHubsErrors.InvalidPartition(entity.PartitionId, hub.Partitions.Count));
        }

        TokenExpiryWatch.Start(context, link, entity.AuthorizationPath, clientSends ? "Send" : "Listen");
        if (clientSends)
        {
            var publisher = new PublisherLink(ns, hub, partition, options.MaxMessageSize, limiter, sizeOf);
            link.InitializeReceiver(PublishCredit, publisher.OnMessage, null);
            return;
        }

        AttachReceiver(link, attach, hub, entity.ConsumerGroup!, partition!.Value);
    }

    private static void AttachReceiver(ListenerLink link, Attach attach, EventHub hub, string consumerGroup, int partition)
    {
        var group = hub.FindConsumerGroup(consumerGroup)
            ?? throw new AmqpException(EventHubsErrors.EntityNotFound($"{hub.Name}/ConsumerGroups/{consumerGroup}"));
        var position = SelectorFilter.Parse((attach.Source as Source)?.FilterSet);
        var epoch = ReadEpoch(attach.Properties);
        var log = hub.Partitions[partition];

        var reportRuntimeMetrics = ReceiverRuntimeMetrics.IsDesired(attach);
        var consumer = new PartitionConsumer(link, log, log.Resolve(position), reportRuntimeMetrics);
        var registration = new ReceiverRegistration(epoch, consumer.Disconnect);
        var registry = group.Receivers(partition);
        if (registry.TryAdd(registration) is { } refused)
        {
            throw new AmqpException(refused);
        }

        if (reportRuntimeMetrics)
        {
            // The attach is sent back as the reply: offering the capability tells the client it will get the annotations.
            attach.OfferedCapabilities = [ReceiverRuntimeMetrics.Capability];
        }

        link.InitializeSender(consumer.OnCredit, consumer.OnDisposition, null);
        link.AddClosedCallback((_, _) =>
        {
            registry.Remove(registration);
            consumer.Stop();
        });
        consumer.Start();
    }

    private static void AttachNode(ConnectionContext context, ListenerLink link, Attach attach, bool clientSends, Func<Message, Message> handle)
    {
        if (!clientSends)
        {
            // The reply link: its source is the node and it has no target, so replies are routed by link name.
            context.AddReplyLink(attach.LinkName, link);
            return;
        }

        link.InitializeReceiver(RequestCredit, (requestLink, request, _, _) =>
        {
            Message response;
            try
            {
                response = handle(request);
            }
            catch (Exception e) when (e is AmqpException or InvalidCastException or InvalidOperationException or FormatException)
            {
                response = NodeResponse.Create(400, $"The request could not be processed: {e.Message}", errorCondition: "com.microsoft:argument-error");
            }

            requestLink.DisposeMessage(request, new Accepted(), settled: true);
            var replyTo = request.Properties?.ReplyTo;
            var replyLink = context.FindReplyLink(replyTo);
            if (replyLink is null)
            {
                return;
            }

            response.Properties = new Properties { CorrelationId = request.Properties?.MessageId, To = replyTo };
            replyLink.Send(response);
        }, null);
    }

    private static bool IsNode(string? address, string node) =>
        address is not null && (string.Equals(address, node, StringComparison.OrdinalIgnoreCase)
            || address.EndsWith("/" + node, StringComparison.OrdinalIgnoreCase));

    private static long? ReadEpoch(Fields? properties)
    {
        if (properties is null || !properties.TryGetValue(EpochProperty, out var value) || value is null)
        {
            return null;
        }

        return value switch
        {
            long l => l,
            int i => i,
            uint u => u,
            ulong ul when ul <= long.MaxValue => (long)ul,
            short s => s,
            _ => throw new AmqpException(EventHubsErrors.ArgumentError($"The epoch '{value}' must be a long.")),
        };
    }
}
