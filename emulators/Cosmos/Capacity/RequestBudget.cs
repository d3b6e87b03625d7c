using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Capacity;

/// <summary>
/// The throughput left to one request that runs several operations (a bulk batch): the request as a whole was admitted,
/// and each further operation runs only while the offer's window has room, or answers 429 itself.
/// </summary>
internal sealed class RequestBudget(ThroughputGovernor governor, OfferEntry offer)
{
    public bool Allows(double pending, out int retryAfterMilliseconds) => governor.HasRoom(offer, pending, out retryAfterMilliseconds);
}
