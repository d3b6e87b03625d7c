namespace Pipeline.Emulators.EventHubs.Capacity;

/// <summary>
/// The ingress side of Event Hubs' throughput-unit model: each unit admits 1 000 events and 1 MB per second
/// per namespace (with one second of burst), so producers can be tested against the throttling they get in Azure.
/// </summary>
internal sealed class ThroughputUnitLimiter
{
    public const int EventsPerUnit = 1000;
    public const long BytesPerUnit = 1024 * 1024;

    private readonly object gate = new();
    private readonly double eventsPerSecond;
    private readonly double bytesPerSecond;
    private readonly TimeProvider time;
    private double events;
    private double bytes;
    private long lastRefill;

    public ThroughputUnitLimiter(int units, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        this.time = time ?? TimeProvider.System;
        eventsPerSecond = units * (double)EventsPerUnit;
        bytesPerSecond = units * (double)BytesPerUnit;
        events = eventsPerSecond;
        bytes = bytesPerSecond;
        lastRefill = this.time.GetTimestamp();
    }

    /// <summary>Takes capacity for a send, or refuses the whole send when the namespace is over its ingress.</summary>
    public bool TryAcquire(int eventCount, long byteCount)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var elapsed = time.GetElapsedTime(lastRefill, now).TotalSeconds;
            lastRefill = now;
            events = Math.Min(eventsPerSecond, events + (elapsed * eventsPerSecond));
            bytes = Math.Min(bytesPerSecond, bytes + (elapsed * bytesPerSecond));
            if (events < eventCount || bytes < byteCount)
            {
                return false;
            }

            events -= eventCount;
            bytes -= byteCount;
            return true;
        }
    }
}
