using System.Collections.Concurrent;
using Pipeline.Cosmos.Documents;

namespace Pipeline.Cosmos.Caching;

/// <summary>
/// The last tip seen of each hot stream, bounded by count: reads revalidate it with If-None-Match (304), appends start
/// from it and find out through the conditional replace if it was stale. When full, the least recently used half goes.
/// </summary>
internal sealed class TipCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long clock;

    public Tip? Get(string streamId)
    {
        if (!entries.TryGetValue(streamId, out var entry))
        {
            return null;
        }

        entry.LastUsed = Interlocked.Increment(ref clock);
        return entry.Tip;
    }

    public void Put(Tip tip)
    {
        entries[tip.StreamId] = new Entry(tip) { LastUsed = Interlocked.Increment(ref clock) };
        if (entries.Count > capacity)
        {
            Trim();
        }
    }

    public void Remove(string streamId) => entries.TryRemove(streamId, out _);

    private void Trim()
    {
        // Rare and O(n log n): evict down to half capacity so trimming is amortised over many puts.
        foreach (var (streamId, _) in entries.OrderBy(e => e.Value.LastUsed).Take(Math.Max(1, entries.Count - (capacity / 2))).ToList())
        {
            entries.TryRemove(streamId, out _);
        }
    }

    private sealed class Entry(Tip tip)
    {
        public Tip Tip { get; } = tip;

        public long LastUsed { get; set; }
    }
}
