using System.Collections.Concurrent;
using System.Diagnostics;

namespace Pipeline.Cli.Load;

/// <summary>Live counters of a load run, updated by every sender and read by the progress view and the report.</summary>
internal sealed class LoadStatistics
{
    private readonly ConcurrentDictionary<string, long> outcomes = new(StringComparer.Ordinal);
    private long requests;
    private long eventsOffered;
    private long eventsAccepted;
    private long eventsFailed;
    private long retries;
    private long dropped;

    public long StartTicks { get; } = Stopwatch.GetTimestamp();

    /// <summary>Request latency from the moment the request was due (not sent), so a slow server cannot hide its queue.</summary>
    public LatencyHistogram RequestLatency { get; } = new();

    /// <summary>POST due → the event's state visible in <c>GET /api/streams/{id}</c>, on the watched streams.</summary>
    public LatencyHistogram VisibleLatency { get; } = new();

    /// <summary>POST → visible for events due in the first half of the sending time: compared with the second half, it shows a growing backlog.</summary>
    public LatencyHistogram VisibleLatencyFirstHalf { get; } = new();

    /// <summary>POST → visible for events due in the second half of the sending time.</summary>
    public LatencyHistogram VisibleLatencySecondHalf { get; } = new();

    public long Requests => Interlocked.Read(ref requests);

    public long EventsOffered => Interlocked.Read(ref eventsOffered);

    public long EventsAccepted => Interlocked.Read(ref eventsAccepted);

    public long EventsFailed => Interlocked.Read(ref eventsFailed);

    public long Retries => Interlocked.Read(ref retries);

    /// <summary>Requests never sent because the generator already had too many waiting (the target could not keep up).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Responses by status code ("202", "429", …) or failure kind ("timeout", "connection").</summary>
    public IReadOnlyDictionary<string, long> Outcomes => new SortedDictionary<string, long>(outcomes, StringComparer.Ordinal);

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartTicks);

    public void Offered(int events)
    {
        Interlocked.Increment(ref requests);
        Interlocked.Add(ref eventsOffered, events);
    }

    public void Outcome(string outcome, int events, bool accepted)
    {
        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        Interlocked.Add(ref accepted ? ref eventsAccepted : ref eventsFailed, events);
    }

    public void Retried(string outcome)
    {
        outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        Interlocked.Increment(ref retries);
    }

    public void Drop(int events)
    {
        Interlocked.Increment(ref dropped);
        Interlocked.Add(ref eventsFailed, events);
    }
}
