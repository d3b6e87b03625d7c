using Pipeline.EventHubs.Amqp;
using Pipeline.EventHubs.Diagnostics;

namespace Pipeline.EventHubs.Producer;

/// <summary>
/// A set of events that fits in one send: <see cref="TryAdd"/> refuses an event that would push the encoded batch past
/// the link's maximum message size, so a batch built here is never rejected for its size.
/// </summary>
public sealed class EventDataBatch : IDisposable
{
    private readonly AmqpBatchEnvelope _envelope = new();
    private readonly List<string> _traceParents = [];
    private readonly object _sync = new();
    private bool _locked;

    internal EventDataBatch(long maximumSizeInBytes, string eventHubName, string fullyQualifiedNamespace, CreateBatchOptions options)
    {
        MaximumSizeInBytes = maximumSizeInBytes;
        EventHubName = eventHubName;
        FullyQualifiedNamespace = fullyQualifiedNamespace;
        PartitionKey = options.PartitionKey;
        PartitionId = options.PartitionId;
    }

    /// <summary>The largest encoded size the batch may reach.</summary>
    public long MaximumSizeInBytes { get; }

    /// <summary>The encoded size of the batch as it will be sent.</summary>
    public long SizeInBytes
    {
        get
        {
            lock (_sync)
            {
                return _envelope.SizeInBytes;
            }
        }
    }

    /// <summary>How many events the batch holds.</summary>
    public int Count
    {
        get
        {
            lock (_sync)
            {
                return _envelope.Count;
            }
        }
    }

    internal string EventHubName { get; }

    internal string FullyQualifiedNamespace { get; }

    internal string? PartitionKey { get; }

    internal string? PartitionId { get; }

    internal IReadOnlyList<string> TraceParents => _traceParents;

    /// <summary>
    /// Adds the event if the batch stays within <see cref="MaximumSizeInBytes"/>; returns false (and leaves the batch as it
    /// was) otherwise. The event is encoded now: changing it afterwards does not change the batch.
    /// </summary>
    public bool TryAdd(EventData eventData)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        lock (_sync)
        {
            if (_locked)
            {
                throw new InvalidOperationException("The batch is being sent and cannot change until the send completes.");
            }

            EventHubsActivitySource.InstrumentEvent(eventData, EventHubName);
            var message = AmqpMessageConverter.ToAmqpMessage(eventData, PartitionKey);
            var encoded = _envelope.Encode(message, eventData.Body.Length);
            if (_envelope.SizeWith(message, encoded) > MaximumSizeInBytes)
            {
                return false;
            }

            _envelope.Add(message, encoded);
            if (eventData.Properties.TryGetValue(EventHubsActivitySource.DiagnosticIdProperty, out var id) && id is string traceParent)
            {
                _traceParents.Add(traceParent);
            }

            return true;
        }
    }

    /// <summary>Empties the batch.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _envelope.Clear();
            _traceParents.Clear();
        }
    }

    /// <inheritdoc />
    public void Dispose() => Clear();

    internal global::Amqp.Message ToMessage()
    {
        lock (_sync)
        {
            return _envelope.ToMessage();
        }
    }

    internal void Lock()
    {
        lock (_sync)
        {
            _locked = true;
        }
    }

    internal void Unlock()
    {
        lock (_sync)
        {
            _locked = false;
        }
    }
}
