using System.Collections.Concurrent;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Capacity;

/// <summary>
/// Enforces provisioned RU/s per offer in one-second windows, as Cosmos DB does per partition: once a window's
/// charges reach the offer's throughput, requests get 429 (substatus 3200) with `x-ms-retry-after-ms` until the
/// next window. Shared database throughput is one budget for all its containers.
/// </summary>
internal sealed class ThroughputGovernor(TimeProvider time)
{
    private readonly ConcurrentDictionary<uint, Window> windows = new();

    public void Admit(OfferEntry offer)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = windows.GetOrAdd(offer.Number, _ => new Window());
        lock (window)
        {
            Roll(window, now);
            if (window.Consumed >= offer.EffectiveThroughput)
            {
                throw Fail.Throttled((int)Math.Max(1, 1000 - (now - window.Start)));
            }
        }
    }

    /// <summary>
    /// Whether the offer's window still has room after <paramref name="pending"/> RU that a request in progress has
    /// used but not yet been charged; how Cosmos DB throttles the operations of a bulk batch one by one.
    /// </summary>
    public bool HasRoom(OfferEntry offer, double pending, out int retryAfterMilliseconds)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = windows.GetOrAdd(offer.Number, _ => new Window());
        lock (window)
        {
            Roll(window, now);
            retryAfterMilliseconds = (int)Math.Max(1, 1000 - (now - window.Start));
            return window.Consumed + pending < offer.EffectiveThroughput;
        }
    }

    public void Charge(OfferEntry offer, double requestUnits)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = windows.GetOrAdd(offer.Number, _ => new Window());
        lock (window)
        {
            Roll(window, now);
            window.Consumed += requestUnits;
        }
    }

    private static void Roll(Window window, long now)
    {
        var start = now - (now % 1000);
        if (window.Start != start)
        {
            window.Start = start;
            window.Consumed = 0;
        }
    }

    private sealed class Window
    {
        public long Start { get; set; }

        public double Consumed { get; set; }
    }
}
