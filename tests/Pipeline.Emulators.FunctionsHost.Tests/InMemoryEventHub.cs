using System.Text;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.EventHubs;

namespace Pipeline.Emulators.FunctionsHost.Tests;

/// <summary>
/// An Event Hub held in memory behind the host's event-source abstraction, so the batching, retry,
/// checkpoint and ownership logic can be tested against real Azurite blobs before the AMQP path.
/// </summary>
internal sealed class InMemoryEventHub : IEventHubsSourceFactory
{
    private readonly List<TriggerEvent>[] _partitions;
    private readonly DateTimeOffset _start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public InMemoryEventHub(int partitionCount, string fullyQualifiedNamespace = "TestNamespace.servicebus.windows.net")
    {
        _partitions = Enumerable.Range(0, partitionCount).Select(_ => new List<TriggerEvent>()).ToArray();
        FullyQualifiedNamespace = fullyQualifiedNamespace;
    }

    public string FullyQualifiedNamespace { get; }

    public int OpenedReaders { get; private set; }

    public List<(string Partition, StartingPosition Position)> Opened { get; } = [];

    public void Append(int partition, string body, string? partitionKey = null, IReadOnlyDictionary<string, object?>? properties = null)
    {
        lock (_partitions)
        {
            var list = _partitions[partition];
            var sequence = list.Count;
            var enqueued = _start.AddMilliseconds(sequence * 1500);
            var system = new Dictionary<string, object?>
            {
                ["x-opt-sequence-number"] = (long)sequence,
                ["x-opt-offset"] = (sequence * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["x-opt-enqueued-time"] = enqueued,
            };
            if (partitionKey is not null)
            {
                system["x-opt-partition-key"] = partitionKey;
            }

            list.Add(new TriggerEvent(
                Encoding.UTF8.GetBytes(body),
                partitionKey,
                sequence,
                (sequence * 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                enqueued,
                properties ?? new Dictionary<string, object?>(),
                system));
        }
    }

    public IEventHubsSource Create(EventHubTriggerBinding binding) => new Source(this);

    private sealed class Source(InMemoryEventHub hub) : IEventHubsSource
    {
        public string FullyQualifiedNamespace => hub.FullyQualifiedNamespace;

        public Task<IReadOnlyList<string>> GetPartitionIdsAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string>>(Enumerable.Range(0, hub._partitions.Length).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

        public Task<IPartitionEventReader> OpenReaderAsync(string partitionId, StartingPosition position, int prefetchCount, CancellationToken cancellationToken)
        {
            lock (hub._partitions)
            {
                hub.OpenedReaders++;
                hub.Opened.Add((partitionId, position));
            }

            var next = position.AfterSequenceNumber is long after ? after + 1 : position.InitialOffset == InitialOffsetType.FromEnd ? long.MaxValue : 0;
            return Task.FromResult<IPartitionEventReader>(new Reader(hub, int.Parse(partitionId, System.Globalization.CultureInfo.InvariantCulture), next));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Reader(InMemoryEventHub hub, int partition, long next) : IPartitionEventReader
    {
        private long _next = next;

        public async Task<IReadOnlyList<TriggerEvent>> ReceiveAsync(int maximumCount, TimeSpan maximumWait, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + maximumWait;
            while (true)
            {
                lock (hub._partitions)
                {
                    var list = hub._partitions[partition];
                    if (_next == long.MaxValue)
                    {
                        _next = list.Count;
                    }

                    if (_next < list.Count)
                    {
                        var batch = list.Skip((int)_next).Take(maximumCount).ToList();
                        _next += batch.Count;
                        return batch;
                    }
                }

                if (DateTime.UtcNow >= deadline)
                {
                    return [];
                }

                await Task.Delay(20, cancellationToken);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
