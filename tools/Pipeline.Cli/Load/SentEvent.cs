namespace Pipeline.Cli.Load;

/// <summary>What the generator remembers of one event it sent: enough to check the stream read back for gaps, duplicates and order.</summary>
/// <param name="Id">The CloudEvent id.</param>
/// <param name="Sequence">The viewer's sequence number (1, 2, 3 … in the order the events were drawn).</param>
/// <param name="Request">The request that carried it; events of one request must stay in request order.</param>
/// <param name="SentTicks">Stopwatch ticks when the (first) attempt was sent.</param>
/// <param name="AckTicks">Stopwatch ticks when a 202 came back; events acknowledged before another was sent must precede it.</param>
/// <param name="Accepted">Whether ingest answered 202 for it; events never acknowledged are neither missing nor unexpected if seen.</param>
internal sealed record SentEvent(string Id, long Sequence, long Request, long SentTicks, long AckTicks, bool Accepted);

/// <summary>One event as read back from <c>GET /api/streams/{id}/events</c>, in stream order.</summary>
/// <param name="Id">The CloudEvent id.</param>
/// <param name="Version">Its version in the stream.</param>
internal sealed record ObservedEvent(string Id, long Version);
