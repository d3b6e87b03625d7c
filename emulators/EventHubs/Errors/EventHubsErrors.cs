using System.Globalization;
using Amqp;
using Amqp.Framing;
using Amqp.Types;

namespace Pipeline.Emulators.EventHubs.Errors;

/// <summary>Every error the emulator returns, with the AMQP condition and wording Azure Event Hubs uses.</summary>
internal static class EventHubsErrors
{
    public static readonly Symbol ServerBusyCondition = new("com.microsoft:server-busy");
    public static readonly Symbol ArgumentErrorCondition = new("com.microsoft:argument-error");
    public static readonly Symbol ArgumentOutOfRangeCondition = new("com.microsoft:argument-out-of-range");

    public static string EntityNotFoundText(string entity) => $"The messaging entity '{entity}' could not be found.";

    public static Error EntityNotFound(string entity) => Create(ErrorCode.NotFound, EntityNotFoundText(entity));

    public static Error EntityDeleted(string entity) => Create(ErrorCode.NotFound, $"The messaging entity '{entity}' was deleted.");

    public static Error Unauthorized(string claim, string resource) =>
        Create(ErrorCode.UnauthorizedAccess, $"Unauthorized access. '{claim}' claim(s) are required to perform this operation. Resource: '{resource}'.");

    public static Error MessageSizeExceeded(long size, long limit) =>
        Create(ErrorCode.MessageSizeExceeded, $"The received message (size: {size} bytes) exceeds the limit ({limit} bytes) currently allowed on the link.");

    public static Error ServerBusy() =>
        Create(ServerBusyCondition, "The request was terminated because the namespace is being throttled: it exceeded the ingress of its throughput units. Please wait and try again.");

    public static Error Stolen(long newEpoch, long currentEpoch) =>
        Create(ErrorCode.Stolen, string.Format(CultureInfo.InvariantCulture,
            "New receiver with higher epoch of '{0}' is created hence current receiver with epoch '{1}' is getting disconnected. If you are recreating the receiver, make sure a higher epoch is used.",
            newEpoch, currentEpoch));

    public static Error EpochTooLow(long existingEpoch, long requestedEpoch) =>
        Create(ErrorCode.Stolen, string.Format(CultureInfo.InvariantCulture,
            "Receiver 'nil' with a higher epoch '{0}' already exists. Receiver with epoch '{1}' cannot be created. Make sure you are creating receiver with increasing epoch value to ensure connectivity, or ensure all old epoch receivers are closed or disconnected.",
            existingEpoch, requestedEpoch));

    public static Error TooManyReceivers(int limit) =>
        Create(ErrorCode.ResourceLimitExceeded, string.Format(CultureInfo.InvariantCulture,
            "Exceeded the maximum number of allowed receivers per partition in a consumer group which is {0}. List of connected receivers - {1}.",
            limit, string.Join(", ", Enumerable.Repeat("nil", limit))));

    public static Error InvalidPartition(string partition, int partitionCount) =>
        Create(ArgumentOutOfRangeCondition, string.Format(CultureInfo.InvariantCulture,
            "The specified partition '{0}' is invalid for an EventHub partition sender or receiver. It should be between 0 and {1}.",
            partition, partitionCount - 1));

    public static Error ArgumentError(string description) => Create(ArgumentErrorCondition, description);

    public static Error InvalidAddress(string? address) =>
        Create(ErrorCode.NotFound, $"The address '{address}' is not an Event Hubs address: expected '<hub>', '<hub>/Partitions/<id>' or '<hub>/ConsumerGroups/<group>/Partitions/<id>'.");

    private static Error Create(Symbol condition, string description) => new(condition) { Description = description };
}
