using Pipeline.Cosmos.Documents;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Requests;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Reading;

/// <summary>
/// Reads a version range of a stream from its batches and tip, taking each version once from the first document that
/// holds it, so batches left behind by a crashed calve (overlapping the tip) are harmless.
/// </summary>
internal sealed class HistoryReader(BatchDocuments batches)
{
    /// <summary>The events with versions in [<paramref name="fromVersion"/>, <paramref name="toVersion"/>) of the stream whose tip is given.</summary>
    public async Task<List<StoredEvent>> ReadAsync(Tip tip, long fromVersion, long toVersion, ChargeMeter meter, CancellationToken cancellationToken)
    {
        toVersion = Math.Min(toVersion, tip.Next);
        var events = new List<StoredEvent>((int)Math.Clamp(toVersion - fromVersion, 0, 10_000));
        var expected = fromVersion;
        if (fromVersion < tip.First)
        {
            foreach (var batch in await batches.QueryAsync(tip.StreamId, fromVersion, Math.Min(toVersion, tip.First), meter, cancellationToken).ConfigureAwait(false))
            {
                Take(batch.Events.Events, ref expected, toVersion, events);
            }
        }

        Take(tip.Buffer.Events, ref expected, toVersion, events);
        if (expected < toVersion)
        {
            throw new EventStoreException($"Stream '{tip.StreamId}' has no stored event with version {expected} (the tip says it has {tip.Version}); a batch document is missing.");
        }

        return events;
    }

    private static void Take(IEnumerable<StoredEvent> source, ref long expected, long toVersion, List<StoredEvent> into)
    {
        foreach (var stored in source)
        {
            if (expected >= toVersion)
            {
                return;
            }

            if (stored.Version == expected)
            {
                into.Add(stored);
                expected++;
            }
        }
    }
}
