using Pipeline.Cosmos.Documents;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Idempotency;

/// <summary>
/// Separates the events a stream has not applied yet from redeliveries (at or below the partition's high-water mark)
/// and re-posts (an id in the tip's window of recent ids, or repeated within the append).
/// </summary>
internal static class DuplicateFilter
{
    public static (List<EventToAppend> Fresh, List<DuplicateEvent> Duplicates) Split(Tip? tip, IReadOnlyList<EventToAppend> events)
    {
        var fresh = new List<EventToAppend>(events.Count);
        var duplicates = new List<DuplicateEvent>();
        var seenIds = new HashSet<string>(tip?.RecentIds ?? [], StringComparer.Ordinal);
        foreach (var candidate in events)
        {
            var position = candidate.Position;
            if (position is { } p && tip is not null && tip.HighWaterMarks.TryGetValue(p.PartitionId, out var mark) && p.SequenceNumber <= mark)
            {
                duplicates.Add(new DuplicateEvent(candidate.Event.Id, position, DuplicateReason.BelowHighWaterMark));
            }
            else if (!seenIds.Add(candidate.Event.Id))
            {
                duplicates.Add(new DuplicateEvent(candidate.Event.Id, position, DuplicateReason.RecentEventId));
            }
            else
            {
                fresh.Add(candidate);
            }
        }

        return (fresh, duplicates);
    }

    /// <summary>The high-water marks after applying <paramref name="fresh"/>.</summary>
    public static Dictionary<string, long> AdvanceMarks(Tip? tip, IEnumerable<EventToAppend> fresh)
    {
        var marks = new Dictionary<string, long>(tip?.HighWaterMarks ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        foreach (var position in fresh.Select(e => e.Position).OfType<EventHubsPosition>())
        {
            if (!marks.TryGetValue(position.PartitionId, out var mark) || position.SequenceNumber > mark)
            {
                marks[position.PartitionId] = position.SequenceNumber;
            }
        }

        return marks;
    }

    /// <summary>
    /// The ids to keep beside the new buffer so the window still spans <paramref name="windowSize"/> events:
    /// the most recent ids, minus those the buffer already holds.
    /// </summary>
    public static List<string> OlderIds(Tip? tip, IReadOnlyList<StoredEvent> appended, int newBufferCount, int windowSize)
    {
        var all = (tip?.RecentIds ?? []).Concat(appended.Select(e => e.EventId)).ToList();
        var window = all.Skip(Math.Max(0, all.Count - windowSize)).ToList();
        return window.Take(Math.Max(0, window.Count - newBufferCount)).ToList();
    }
}
