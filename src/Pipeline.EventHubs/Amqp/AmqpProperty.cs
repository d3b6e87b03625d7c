using Amqp.Types;

namespace Pipeline.EventHubs.Amqp;

/// <summary>The names Event Hubs gives to annotations, link properties, capabilities and filters on the wire.</summary>
internal static class AmqpProperty
{
    public static readonly Symbol PartitionKey = new("x-opt-partition-key");
    public static readonly Symbol SequenceNumber = new("x-opt-sequence-number");
    public static readonly Symbol Offset = new("x-opt-offset");
    public static readonly Symbol EnqueuedTime = new("x-opt-enqueued-time");

    public static readonly Symbol OwnerLevel = new("com.microsoft:epoch");
    public static readonly Symbol ReceiverName = new("com.microsoft:receiver-name");
    public static readonly Symbol TrackLastEnqueuedEventProperties = new("com.microsoft:enable-receiver-runtime-metric");

    public static readonly Symbol SelectorFilterName = new("apache.org:selector-filter:string");
    public const ulong SelectorFilterCode = 0x0000468C00000004;

    // Delivery annotations sent when the receiver asked for runtime metrics.
    public static readonly Symbol LastEnqueuedSequenceNumber = new("last_enqueued_sequence_number");
    public static readonly Symbol LastEnqueuedOffset = new("last_enqueued_offset");
    public static readonly Symbol LastEnqueuedTimeUtc = new("last_enqueued_time_utc");
    public static readonly Symbol RuntimeInfoRetrievalTimeUtc = new("runtime_info_retrieval_time_utc");

    /// <summary>The envelope format of a batch: the body is a list of data sections, each one encoded message.</summary>
    public const uint BatchMessageFormat = 0x80013700;
}
