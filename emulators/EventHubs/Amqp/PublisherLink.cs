using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Pipeline.Emulators.EventHubs.Capacity;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// A producer's link into a hub (or one of its partitions): unpacks single events and SDK batches
/// (message format 0x80013700), picks the partition, appends, and settles each delivery.
/// </summary>
internal sealed class PublisherLink(
    EventHubsNamespace ns,
    EventHub hub,
    int? partition,
    int maxMessageSize,
    ThroughputUnitLimiter? limiter,
    Func<Message, int> sizeOf)
{
    public const uint BatchFormat = 0x80013700;

    public void OnMessage(ListenerLink link, Message message, DeliveryState state, object? context)
    {
        Error? error;
        try
        {
            error = Publish(message);
        }
        catch (AmqpException e)
        {
            error = e.Error;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or IOException)
        {
            error = new Error(ErrorCode.DecodeError) { Description = $"The message could not be stored: {e.Message}" };
        }

        link.DisposeMessage(message, error is null ? new Accepted() : new Rejected { Error = error }, settled: true);
    }

    private Error? Publish(Message message)
    {
        if (ns.Find(hub.Name) != hub)
        {
            return EventHubsErrors.EntityNotFound(hub.Name);
        }

        var size = sizeOf(message);
        if (size > maxMessageSize)
        {
            return EventHubsErrors.MessageSizeExceeded(size, maxMessageSize);
        }

        var events = Unpack(message);
        if (events.Count == 0)
        {
            return EventHubsErrors.ArgumentError("The batch contains no events.");
        }

        if (limiter is not null && !limiter.TryAcquire(events.Count, size))
        {
            return EventHubsErrors.ServerBusy();
        }

        var partitionKey = EventAnnotations.PartitionKeyOf(message) ?? EventAnnotations.PartitionKeyOf(events[0]);
        var target = partition ?? hub.ChoosePartition(partitionKey);
        hub.Partitions[target].Append(events, (e, sequenceNumber, offset, time) =>
            EventAnnotations.Stamp(e, sequenceNumber, offset, time, EventAnnotations.PartitionKeyOf(e) ?? partitionKey));
        return null;
    }

    private static List<Message> Unpack(Message message)
    {
        if (message.Format != BatchFormat)
        {
            return [message];
        }

        // AMQPNetLite decodes one data section as Data and several as DataList: both are batches.
        return message.BodySection switch
        {
            Data data => [Decode(data)],
            DataList list => [.. Enumerable.Range(0, list.Count).Select(i => Decode(list[i]))],
            _ => throw new AmqpException(EventHubsErrors.ArgumentError("A batch (message format 0x80013700) must carry its events as data sections.")),
        };
    }

    private static Message Decode(Data data)
    {
        var bytes = data.Binary;
        return Message.Decode(new ByteBuffer(bytes, 0, bytes.Length, bytes.Length));
    }
}
