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

        // The events were copied into the log: the frame's buffer goes back to the listener's pool (AMQPNetLite
        // returns it only when the message is disposed; before, every batch frame was a fresh 2 MB array).
        message.Dispose();
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

        // The SDKs put the batch's partition key on the envelope (copied from its first event).
        var partitionKey = EventAnnotations.PartitionKeyOf(message) ?? events[0].PartitionKey;
        var target = partition ?? hub.ChoosePartition(partitionKey);
        hub.Partitions[target].Append(events, (e, sequenceNumber, offset, time, slab) => e.Stamp(sequenceNumber, offset, time, partitionKey, slab));
        return null;
    }

    private static List<PendingEvent> Unpack(Message message)
    {
        if (message.Format != BatchFormat)
        {
            return [new PendingEvent(message)];
        }

        // AMQPNetLite decodes one data section as Data and several as DataList: both are batches.
        switch (message.BodySection)
        {
            case Data data:
                return [new PendingEvent(Encoded(data))];
            case DataList list:
                var events = new List<PendingEvent>(list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    events.Add(new PendingEvent(Encoded(list[i])));
                }

                return events;
            default:
                throw new AmqpException(EventHubsErrors.ArgumentError("A batch (message format 0x80013700) must carry its events as data sections."));
        }
    }

    /// <summary>
    /// A batched event's bytes where the transport decoded them, without a copy: valid until the delivery is settled,
    /// which happens only after the event was stored.
    /// </summary>
    private static ReadOnlyMemory<byte> Encoded(Data data) =>
        data.Buffer is { } buffer ? new ReadOnlyMemory<byte>(buffer.Buffer, buffer.Offset, buffer.Length) : data.Binary;
}
