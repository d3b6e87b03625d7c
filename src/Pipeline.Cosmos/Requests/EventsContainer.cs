using Microsoft.Azure.Cosmos;

namespace Pipeline.Cosmos.Requests;

/// <summary>
/// The events container as the store reaches it: through point requests, and optionally through a bulk-execution
/// client for the first request of each append. Many concurrent appends then share batch requests for that first
/// request (usually their only one), while the requests an append must make after it, in sequence (the tip replace
/// after a calve, a re-read after a lost race), go straight out, so no append waits for more than one batch dispatch.
/// Reads for queries never use bulk.
/// </summary>
internal sealed class EventsContainer(Container point, Container? bulk)
{
    public Container Point { get; } = point;

    /// <summary>The bulk container for an append's first request, the point container for anything else.</summary>
    public Container For(ChargeMeter meter) => bulk is not null && meter.MayBatchFirstRequest && meter.Requests == 0 ? bulk : Point;
}
