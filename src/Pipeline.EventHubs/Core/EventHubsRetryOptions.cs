namespace Pipeline.EventHubs;

/// <summary>How a client retries transient failures; the defaults match Azure.Messaging.EventHubs.</summary>
public sealed class EventHubsRetryOptions
{
    private int _maximumRetries = 3;
    private TimeSpan _delay = TimeSpan.FromSeconds(0.8);
    private TimeSpan _maximumDelay = TimeSpan.FromMinutes(1);
    private TimeSpan _tryTimeout = TimeSpan.FromMinutes(1);

    /// <summary>Whether delays are fixed or grow exponentially.</summary>
    public EventHubsRetryMode Mode { get; set; } = EventHubsRetryMode.Exponential;

    /// <summary>How many times a failed operation is retried (0–100).</summary>
    public int MaximumRetries
    {
        get => _maximumRetries;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _maximumRetries = value;
        }
    }

    /// <summary>The delay before the first retry, and the base of the exponential growth.</summary>
    public TimeSpan Delay
    {
        get => _delay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(1));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromMinutes(5));
            _delay = value;
        }
    }

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaximumDelay
    {
        get => _maximumDelay;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _maximumDelay = value;
        }
    }

    /// <summary>How long one attempt may take before it counts as a (transient) timeout.</summary>
    public TimeSpan TryTimeout
    {
        get => _tryTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromMilliseconds(1));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromHours(1));
            _tryTimeout = value;
        }
    }

    /// <summary>A custom policy that replaces the one built from these options.</summary>
    public EventHubsRetryPolicy? CustomRetryPolicy { get; set; }

    internal EventHubsRetryPolicy ToPolicy() => CustomRetryPolicy ?? new BasicRetryPolicy(Clone());

    internal EventHubsRetryOptions Clone() => new()
    {
        Mode = Mode,
        _maximumRetries = _maximumRetries,
        _delay = _delay,
        _maximumDelay = _maximumDelay,
        _tryTimeout = _tryTimeout,
        CustomRetryPolicy = CustomRetryPolicy,
    };
}
