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
        var seenIds = new HashSet<string>((tip?.OlderIds.Count ?? 0) + (tip?.Buffer.Count ?? 0) + events.Count, StringComparer.Ordinal);
        if (tip is not null)
        {
            foreach (var id in tip.OlderIds)
            {
                seenIds.Add(id);
            }

            foreach (var run in tip.Buffer.Runs)
            {
                foreach (var stored in run.Events)
                {
                    seenIds.Add(stored.EventId);
                }
            }
        }

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
    public static Dictionary<string, long> AdvanceMarks(Tip? tip, IReadOnlyList<EventToAppend> fresh)
    {
        var marks = tip is null
            ? new Dictionary<string, long>(StringComparer.Ordinal)
            : new Dictionary<string, long>(tip.HighWaterMarks, StringComparer.Ordinal);
        foreach (var item in fresh)
        {
            if (item.Position is { } position && (!marks.TryGetValue(position.PartitionId, out var mark) || position.SequenceNumber > mark))
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
        // The ids in order are the tip's older ids, its buffer's, then the appended ones; the window is their last
        // windowSize and the new buffer their last newBufferCount, so the older ids are those in [start, end).
        var total = (tip?.OlderIds.Count ?? 0) + (tip?.Buffer.Count ?? 0) + appended.Count;
        var start = Math.Max(0, total - windowSize);
        var end = total - newBufferCount;
        var older = new List<string>(Math.Max(0, end - start));
        if (tip is null || end <= start)
        {
            return older;
        }

        var index = 0;
        foreach (var id in tip.OlderIds)
        {
            if (index >= end)
            {
                return older;
            }

            if (index++ >= start)
            {
                older.Add(id);
            }
        }

        foreach (var run in tip.Buffer.Runs)
        {
            foreach (var stored in run.Events)
            {
                if (index >= end)
                {
                    return older;
                }

                if (index++ >= start)
                {
                    older.Add(stored.EventId);
                }
            }
        }

        return older;
    }
}
