using Azure.Identity;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// The trigger's default event source: the project's own AMQP client (Pipeline.EventHubs), with a
/// connection string or, for <c>__fullyQualifiedNamespace</c> settings, <c>DefaultAzureCredential</c>.
/// </summary>
public sealed class AmqpEventHubsSourceFactory : IEventHubsSourceFactory
{
    public static AmqpEventHubsSourceFactory Instance { get; } = new();

    public IEventHubsSource Create(EventHubTriggerBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        return new Source(binding);
    }

    private sealed class Source : IEventHubsSource
    {
        private readonly EventHubTriggerBinding _binding;
        private readonly EventHubConsumerClient _client;
        private readonly DefaultAzureCredential? _credential;

        public Source(EventHubTriggerBinding binding)
        {
            _binding = binding;
            if (binding.Connection.ConnectionString is { } connectionString)
            {
                _client = new EventHubConsumerClient(binding.ConsumerGroup, connectionString, binding.EventHubName);
            }
            else
            {
                _credential = new DefaultAzureCredential();
                _client = new EventHubConsumerClient(binding.ConsumerGroup, binding.Connection.FullyQualifiedNamespace!, binding.EventHubName, _credential);
            }
        }

        public string FullyQualifiedNamespace => _client.FullyQualifiedNamespace;

        public async Task<IReadOnlyList<string>> GetPartitionIdsAsync(CancellationToken cancellationToken) =>
            await _client.GetPartitionIdsAsync(cancellationToken).ConfigureAwait(false);

        public Task<IPartitionEventReader> OpenReaderAsync(string partitionId, StartingPosition position, int prefetchCount, CancellationToken cancellationToken)
        {
            var start = position.AfterSequenceNumber is long after
                ? EventPosition.FromSequenceNumber(after, isInclusive: false)
                : position.InitialOffset switch
                {
                    InitialOffsetType.FromEnd => EventPosition.Latest,
                    InitialOffsetType.FromEnqueuedTime => EventPosition.FromEnqueuedTime(position.EnqueuedTime ?? DateTimeOffset.UtcNow),
                    _ => EventPosition.Earliest,
                };
            var options = new PartitionReceiverOptions { PrefetchCount = Math.Max(prefetchCount, 1), TrackLastEnqueuedEventProperties = false };
            var receiver = _binding.Connection.ConnectionString is { } connectionString
                ? new PartitionReceiver(_binding.ConsumerGroup, partitionId, start, connectionString, _binding.EventHubName, options)
                : new PartitionReceiver(_binding.ConsumerGroup, partitionId, start, _binding.Connection.FullyQualifiedNamespace!, _binding.EventHubName, _credential!, options);
            return Task.FromResult<IPartitionEventReader>(new Reader(receiver));
        }

        public ValueTask DisposeAsync() => _client.DisposeAsync();
    }

    private sealed class Reader(PartitionReceiver receiver) : IPartitionEventReader
    {
        public async Task<IReadOnlyList<TriggerEvent>> ReceiveAsync(int maximumCount, TimeSpan maximumWait, CancellationToken cancellationToken)
        {
            var events = await receiver.ReceiveBatchAsync(maximumCount, maximumWait, cancellationToken).ConfigureAwait(false);
            var triggerEvents = new List<TriggerEvent>(events.TryGetNonEnumeratedCount(out var count) ? count : 16);
            foreach (var e in events)
            {
                triggerEvents.Add(ToTriggerEvent(e));
            }

            return triggerEvents;
        }

        public ValueTask DisposeAsync() => receiver.DisposeAsync();

        private static TriggerEvent ToTriggerEvent(EventData e) => new(
            e.Body,
            e.PartitionKey,
            e.SequenceNumber,
            e.OffsetString,
            e.EnqueuedTime,
            PropertiesView.Of(e.Properties),
            PropertiesView.Of(e.SystemProperties));
    }
}
