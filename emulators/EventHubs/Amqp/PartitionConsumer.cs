using System.Runtime.InteropServices;
using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Log;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Streams one partition to one receiver link: sends stored events while the client has credit and otherwise
/// waits — for credit or for the next append — without polling.
/// </summary>
internal sealed class PartitionConsumer
{
    private const int ReadBatch = 256;

    private readonly ListenerLink link;
    private readonly PartitionLog log;
    private readonly bool reportRuntimeMetrics;
    private readonly CancellationTokenSource stopped = new();
    private readonly object wakeGate = new();
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long nextSequenceNumber;
    private int credit;

    public PartitionConsumer(ListenerLink link, PartitionLog log, long firstSequenceNumber, bool reportRuntimeMetrics)
    {
        this.link = link;
        this.log = log;
        this.reportRuntimeMetrics = reportRuntimeMetrics;
        nextSequenceNumber = firstSequenceNumber;
    }

    public void Start() => _ = Task.Run(PumpAsync);

    public void OnCredit(int delta, Fields properties, object? state)
    {
        if (delta > 0)
        {
            Interlocked.Add(ref credit, delta);
        }
        else
        {
            Interlocked.Exchange(ref credit, 0);
        }

        Wake();
    }

    public void OnDisposition(Message message, DeliveryState state, bool settled, object? context)
    {
        // Event Hubs receivers do not settle individually: there is nothing to redeliver.
    }

    public void Disconnect(Error error)
    {
        Stop();
        try
        {
            link.Close(TimeSpan.Zero, error);
        }
        catch (AmqpException)
        {
            // Already closing.
        }
    }

    public void Stop()
    {
        stopped.Cancel();
        Wake();
    }

    private void Wake()
    {
        TaskCompletionSource current;
        lock (wakeGate)
        {
            current = wake;
            wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        current.TrySetResult();
    }

    private Task NextWake()
    {
        lock (wakeGate)
        {
            return wake.Task;
        }
    }

    private async Task PumpAsync()
    {
        var batch = new List<LogEvent>(ReadBatch);
        try
        {
            while (!stopped.IsCancellationRequested)
            {
                var woken = NextWake();
                var available = Volatile.Read(ref credit);
                if (available <= 0)
                {
                    await woken.ConfigureAwait(false);
                    continue;
                }

                batch.Clear();
                if (log.Read(nextSequenceNumber, Math.Min(available, ReadBatch), batch, out var state) == 0)
                {
                    if (link.IsDraining)
                    {
                        Interlocked.Exchange(ref credit, 0);
                        link.CompleteDrain();
                        continue;
                    }

                    await Task.WhenAny(log.WhenAvailableAsync(nextSequenceNumber), woken).ConfigureAwait(false);
                    continue;
                }

                // One lookup of the partition's newest event per read, as the service reports it: as of the retrieval time.
                var metrics = reportRuntimeMetrics ? ReceiverRuntimeMetrics.Encode(state, DateTimeOffset.UtcNow) : null;
                foreach (var e in batch)
                {
                    var encoded = metrics is null ? e.Message : ReceiverRuntimeMetrics.Annotate(e.Message.Span, metrics);
                    if (!MemoryMarshal.TryGetArray(encoded, out var bytes))
                    {
                        throw new InvalidOperationException("Stored events are array-backed.");
                    }

                    link.SendMessage(new Message(), new ByteBuffer(bytes.Array!, bytes.Offset, bytes.Count, bytes.Count));
                    nextSequenceNumber = e.SequenceNumber + 1;
                    Interlocked.Decrement(ref credit);
                }
            }
        }
        catch (AmqpException)
        {
            // The link or connection closed while sending: the receiver is gone.
        }
        catch (ObjectDisposedException)
        {
            // The connection's transport is gone.
        }
    }
}
