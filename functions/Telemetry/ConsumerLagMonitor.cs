using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Pipeline.EventHubs.Producer;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// Publishes <c>pipeline.projector.lag</c> per partition: last enqueued minus last projected sequence number. The
/// Functions host does not hand last-enqueued information to custom handlers, so after a batch the monitor asks Event
/// Hubs for the partition's properties itself — in the background, at most once per partition per
/// <see cref="TelemetrySettings.LagRefreshInterval"/>, so the projector never waits on it.
/// </summary>
internal sealed partial class ConsumerLagMonitor : IDisposable
{
    private readonly ConcurrentDictionary<string, PartitionLag> partitions = new(StringComparer.Ordinal);
    private readonly EventHubProducerClient client;
    private readonly TimeSpan refreshInterval;
    private readonly ILogger<ConsumerLagMonitor> logger;
    private readonly CancellationTokenSource stopping = new();

    public ConsumerLagMonitor(EventHubProducerClient client, IOptions<TelemetrySettings> settings, ILogger<ConsumerLagMonitor> logger)
    {
        this.client = client;
        refreshInterval = settings.Value.LagRefreshInterval;
        this.logger = logger;
        FunctionMetrics.ObserveLag(Observe);
    }

    /// <summary>Records that the projector applied a partition up to <paramref name="sequenceNumber"/>.</summary>
    public void Processed(string partitionId, long sequenceNumber)
    {
        var partition = partitions.GetOrAdd(partitionId, id => new PartitionLag(id));
        partition.Processed(sequenceNumber);
        if (partition.TryStartRefresh(refreshInterval))
        {
            _ = RefreshAsync(partition);
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        if (stopping.IsCancellationRequested)
        {
            yield break;
        }

        foreach (var partition in partitions.Values)
        {
            if (partition.Lag is { } lag)
            {
                yield return new Measurement<long>(lag, new KeyValuePair<string, object?>("partition", partition.Id));
            }
        }
    }

    private async Task RefreshAsync(PartitionLag partition)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var properties = await client.GetPartitionPropertiesAsync(partition.Id, timeout.Token).ConfigureAwait(false);
            partition.Enqueued(properties.IsEmpty ? -1 : properties.LastEnqueuedSequenceNumber);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Lag is best effort: a failed look-up keeps the last value and is tried again after the interval.
            LogRefreshFailed(exception, partition.Id);
        }
        finally
        {
            partition.EndRefresh();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the properties of partition {PartitionId} for its lag failed")]
    private partial void LogRefreshFailed(Exception exception, string partitionId);

    /// <summary>One partition's two sequence numbers and when its last enqueued one was last asked for.</summary>
    private sealed class PartitionLag(string id)
    {
        private readonly Lock sync = new();
        private long lastProcessed = -1;
        private long? lastEnqueued;
        private long lastRefreshTimestamp;
        private bool refreshing;

        public string Id { get; } = id;

        public long? Lag
        {
            get
            {
                lock (sync)
                {
                    return lastEnqueued is { } enqueued ? Math.Max(0, enqueued - lastProcessed) : null;
                }
            }
        }

        public void Processed(long sequenceNumber)
        {
            lock (sync)
            {
                lastProcessed = Math.Max(lastProcessed, sequenceNumber);
            }
        }

        public void Enqueued(long sequenceNumber)
        {
            lock (sync)
            {
                lastEnqueued = Math.Max(lastEnqueued ?? -1, sequenceNumber);
            }
        }

        public bool TryStartRefresh(TimeSpan interval)
        {
            lock (sync)
            {
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (refreshing || (lastRefreshTimestamp != 0 && System.Diagnostics.Stopwatch.GetElapsedTime(lastRefreshTimestamp, now) < interval))
                {
                    return false;
                }

                refreshing = true;
                lastRefreshTimestamp = now;
                return true;
            }
        }

        public void EndRefresh()
        {
            lock (sync)
            {
                refreshing = false;
            }
        }
    }
}
