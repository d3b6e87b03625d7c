using Amqp.Framing;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>An attached receiver as the epoch rules see it: its owner level, and how to cut it off.</summary>
internal sealed class ReceiverRegistration(long? epoch, Action<Error> disconnect)
{
    public long? Epoch { get; } = epoch;

    public void Disconnect(Error error) => disconnect(error);
}

/// <summary>
/// Event Hubs' rules for concurrent readers of one partition in one consumer group: a higher (or equal) epoch
/// takes the partition from everyone else, a lower epoch is refused, and at most five readers without an epoch.
/// </summary>
internal sealed class ReceiverRegistry
{
    public const int MaxNonEpochReceivers = 5;

    private readonly object gate = new();
    private readonly List<ReceiverRegistration> receivers = [];

    /// <summary>Registers a receiver or returns the error that refuses it; displaced receivers are disconnected.</summary>
    public Error? TryAdd(ReceiverRegistration registration)
    {
        List<(ReceiverRegistration Receiver, Error Error)> displaced = [];
        lock (gate)
        {
            var highest = receivers.Where(r => r.Epoch is not null).Select(r => r.Epoch!.Value).DefaultIfEmpty(long.MinValue).Max();
            if (registration.Epoch is { } epoch)
            {
                if (highest > epoch)
                {
                    return EventHubsErrors.EpochTooLow(highest, epoch);
                }

                foreach (var existing in receivers)
                {
                    displaced.Add((existing, EventHubsErrors.Stolen(epoch, existing.Epoch ?? 0)));
                }

                receivers.Clear();
            }
            else
            {
                if (highest != long.MinValue)
                {
                    return EventHubsErrors.EpochTooLow(highest, 0);
                }

                if (receivers.Count >= MaxNonEpochReceivers)
                {
                    return EventHubsErrors.TooManyReceivers(MaxNonEpochReceivers);
                }
            }

            receivers.Add(registration);
        }

        foreach (var (receiver, error) in displaced)
        {
            receiver.Disconnect(error);
        }

        return null;
    }

    public void Remove(ReceiverRegistration registration)
    {
        lock (gate)
        {
            receivers.Remove(registration);
        }
    }

    public void DisconnectAll(Error error)
    {
        ReceiverRegistration[] all;
        lock (gate)
        {
            all = [.. receivers];
            receivers.Clear();
        }

        foreach (var receiver in all)
        {
            receiver.Disconnect(error);
        }
    }
}
