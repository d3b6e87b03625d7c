namespace Pipeline.Cli.Load;

/// <summary>
/// Compares a stream's history with what the generator sent to it. Order is checked only where the pipeline promises
/// it: an event acknowledged (202) before another was sent must come first, and events of one request keep their order;
/// two requests in flight at once for the same stream may land either way round.
/// </summary>
internal static class StreamVerifier
{
    public static StreamVerdict Verify(string streamId, IReadOnlyList<SentEvent> sent, IReadOnlyList<ObservedEvent> observed)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(observed);
        var byId = new Dictionary<string, SentEvent>(sent.Count, StringComparer.Ordinal);
        foreach (var item in sent)
        {
            byId[item.Id] = item;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long duplicated = 0, outOfOrder = 0, unexpected = 0;
        long latestSentTicks = long.MinValue;
        SentEvent? previous = null;
        foreach (var item in observed)
        {
            if (!seen.Add(item.Id))
            {
                duplicated++;
                continue;
            }

            if (!byId.TryGetValue(item.Id, out var origin) || !origin.Accepted)
            {
                unexpected++;
                continue;
            }

            var sameRequestReversed = previous is not null && previous.Request == origin.Request && previous.Sequence > origin.Sequence;
            if (sameRequestReversed || origin.AckTicks < latestSentTicks)
            {
                outOfOrder++;
            }

            latestSentTicks = Math.Max(latestSentTicks, origin.SentTicks);
            previous = origin;
        }

        var accepted = sent.Count(e => e.Accepted);
        var missing = sent.Count(e => e.Accepted && !seen.Contains(e.Id));
        return new StreamVerdict(streamId, accepted, observed.Count, missing, duplicated, outOfOrder, unexpected);
    }
}
