using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.EventHubs;

namespace Pipeline.Benchmarks.FunctionsHost;

/// <summary>A pre-filled partition set in memory, so the measurement sees the host's own cost and not a broker's.</summary>
internal sealed class MemoryEventSource(int partitions, int eventsPerPartition, int eventBytes) : IEventHubsSourceFactory
{
    private readonly TriggerEvent[] _events = Enumerable.Range(0, eventsPerPartition).Select(i => new TriggerEvent(
        new byte[eventBytes].Select(_ => (byte)'x').ToArray(),
        "key",
        i,
        i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.UtcNow,
        new Dictionary<string, object?>(),
        new Dictionary<string, object?> { ["x-opt-sequence-number"] = (long)i })).ToArray();

    private readonly int _partitions = partitions;
    private long _delivered;

    public long Delivered => Interlocked.Read(ref _delivered);

    public IEventHubsSource Create(EventHubTriggerBinding binding) => new Source(this);

    private sealed class Source(MemoryEventSource owner) : IEventHubsSource
    {
        public string FullyQualifiedNamespace => "bench.servicebus.windows.net";

        public Task<IReadOnlyList<string>> GetPartitionIdsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(Enumerable.Range(0, owner._partitions).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

        public Task<IPartitionEventReader> OpenReaderAsync(string partitionId, StartingPosition position, int prefetchCount, CancellationToken cancellationToken) =>
            Task.FromResult<IPartitionEventReader>(new Reader(owner, position.AfterSequenceNumber is long s ? (int)s + 1 : 0));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Reader(MemoryEventSource owner, int next) : IPartitionEventReader
    {
        private int _next = next;

        public async Task<IReadOnlyList<TriggerEvent>> ReceiveAsync(int maximumCount, TimeSpan maximumWait, CancellationToken cancellationToken)
        {
            if (_next >= owner._events.Length)
            {
                await Task.Delay(maximumWait, cancellationToken).ConfigureAwait(false);
                return [];
            }

            var batch = owner._events.AsSpan(_next, Math.Min(maximumCount, owner._events.Length - _next)).ToArray();
            _next += batch.Length;
            Interlocked.Add(ref owner._delivered, batch.Length);
            return batch;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
