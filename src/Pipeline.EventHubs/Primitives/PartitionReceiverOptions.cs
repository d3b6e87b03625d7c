namespace Pipeline.EventHubs.Primitives;

/// <summary>How a <see cref="PartitionReceiver"/> connects, retries, prefetches and claims its partition.</summary>
public class PartitionReceiverOptions
{
    private int _prefetchCount = 300;
    private TimeSpan _defaultMaximumReceiveWaitTime = TimeSpan.FromMinutes(1);

    /// <summary>Connection settings.</summary>
    public EventHubConnectionOptions ConnectionOptions { get; set; } = new();

    /// <summary>Retry settings for every operation.</summary>
    public EventHubsRetryOptions RetryOptions { get; set; } = new();

    /// <summary>A name for the receiver in the service's logs; generated when null.</summary>
    public string? Identifier { get; set; }

    /// <summary>Makes the receiver exclusive: a receiver with a higher owner level disconnects this one, a lower one is refused.</summary>
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

    /// <summary>How long a receive waits for the first event when no wait time is given.</summary>
    public TimeSpan DefaultMaximumReceiveWaitTime
    {
        get => _defaultMaximumReceiveWaitTime;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _defaultMaximumReceiveWaitTime = value;
        }
    }

    /// <summary>Asks the service to report the partition's newest event with every delivery.</summary>
    public bool TrackLastEnqueuedEventProperties { get; set; } = true;
}
