using Pipeline.Emulators.FunctionsHost.Configuration;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>Creates an event source for one trigger binding (its connection, hub and consumer group).</summary>
public interface IEventHubsSourceFactory
{
    IEventHubsSource Create(EventHubTriggerBinding binding);
}

/// <summary>
/// What the trigger needs from an Event Hubs client: the namespace, the partition ids and a reader
/// per partition. Keeps the batching, retry and checkpoint loop independent of the AMQP client.
/// </summary>
public interface IEventHubsSource : IAsyncDisposable
{
    /// <summary>The namespace host name, e.g. <c>contoso.servicebus.windows.net</c> (checkpoint blob names start with it).</summary>
    string FullyQualifiedNamespace { get; }

    Task<IReadOnlyList<string>> GetPartitionIdsAsync(CancellationToken cancellationToken);

    Task<IPartitionEventReader> OpenReaderAsync(string partitionId, StartingPosition position, int prefetchCount, CancellationToken cancellationToken);
}

/// <summary>Reads one partition in order.</summary>
public interface IPartitionEventReader : IAsyncDisposable
{
    /// <summary>Returns up to <paramref name="maximumCount"/> events, or fewer (possibly none) once <paramref name="maximumWait"/> passes.</summary>
    Task<IReadOnlyList<TriggerEvent>> ReceiveAsync(int maximumCount, TimeSpan maximumWait, CancellationToken cancellationToken);
}

/// <summary>Where a partition reader starts: after a checkpointed sequence number (exclusive), or the initial offset.</summary>
public sealed record StartingPosition(long? AfterSequenceNumber, InitialOffsetType InitialOffset, DateTimeOffset? EnqueuedTime)
{
    public static StartingPosition After(long sequenceNumber) => new(sequenceNumber, InitialOffsetType.FromStart, null);
}

/// <summary>One received event with the properties the trigger's metadata exposes.</summary>
public sealed record TriggerEvent(
    ReadOnlyMemory<byte> Body,
    string? PartitionKey,
    long SequenceNumber,
    string Offset,
    DateTimeOffset EnqueuedTime,
    IReadOnlyDictionary<string, object?> Properties,
    IReadOnlyDictionary<string, object?> SystemProperties);
