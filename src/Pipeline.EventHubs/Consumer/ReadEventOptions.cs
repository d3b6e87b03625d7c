namespace Pipeline.EventHubs.Consumer;

/// <summary>How <see cref="EventHubConsumerClient.ReadEventsFromPartitionAsync(string, EventPosition, ReadEventOptions?, CancellationToken)"/> reads.</summary>
public class ReadEventOptions
{
    private int _prefetchCount = 300;
    private int _cacheEventCount = 100;
    private TimeSpan? _maximumWaitTime;

    /// <summary>Makes the reader exclusive: a reader with a higher owner level disconnects this one, a lower one is refused.</summary>
    public long? OwnerLevel { get; set; }

    /// <summary>How many events the service may push ahead of the application (link credit).</summary>
    public int PrefetchCount
    {
        get => _prefetchCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _prefetchCount = value;
        }
    }

    /// <summary>How many events are taken from the local queue per read.</summary>
    public int CacheEventCount
    {
        get => _cacheEventCount;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _cacheEventCount = value;
        }
    }

    /// <summary>When set, an empty <see cref="PartitionEvent"/> is produced whenever this long passes without an event.</summary>
    public TimeSpan? MaximumWaitTime
    {
        get => _maximumWaitTime;
        set
        {
            if (value is { } wait)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
            }

            _maximumWaitTime = value;
        }
    }

    /// <summary>Asks the service to report the partition's newest event with every delivery (see <see cref="PartitionContext.ReadLastEnqueuedEventProperties"/>).</summary>
    public bool TrackLastEnqueuedEventProperties { get; set; }
}
