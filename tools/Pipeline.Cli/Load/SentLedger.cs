using System.Collections.Concurrent;

namespace Pipeline.Cli.Load;

/// <summary>Everything a load run sent, by stream: filled by concurrent senders, read by the verifier once sending stopped.</summary>
internal sealed class SentLedger
{
    private readonly ConcurrentDictionary<string, List<SentEvent>> streams = new(StringComparer.Ordinal);

    public IEnumerable<string> StreamIds => streams.Keys;

    public void Record(string streamId, SentEvent sent)
    {
        var events = streams.GetOrAdd(streamId, _ => []);
        lock (events)
        {
            events.Add(sent);
        }
    }

    public IReadOnlyList<SentEvent> For(string streamId)
    {
        if (!streams.TryGetValue(streamId, out var events))
        {
            return [];
        }

        lock (events)
        {
            return [.. events];
        }
    }

    /// <summary>Events that got a 202, per stream: what the stream's version must reach once the projector caught up.</summary>
    public long AcceptedCount(string streamId) => For(streamId).Count(e => e.Accepted);
}
