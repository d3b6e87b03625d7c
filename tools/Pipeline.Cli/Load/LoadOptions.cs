namespace Pipeline.Cli.Load;

/// <summary>The shape of a load run: offered rate, how long, how events are batched and sized, and how popularity is spread.</summary>
internal sealed record LoadOptions
{
    /// <summary>Events per second offered, whatever the responses do (open loop).</summary>
    public double EventsPerSecond { get; init; } = 1000;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events per POST (1 sends structured single events).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Approximate bytes of each event's JSON.</summary>
    public int EventBytes { get; init; } = 1024;

    /// <summary>Requests in flight at most; requests due beyond that queue in the generator and their wait counts as latency.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Viewers (streams) the events are spread over.</summary>
    public int Streams { get; init; } = 1000;

    /// <summary>Zipf exponent of stream popularity (0 = uniform, 1 = classic Zipf).</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>Streams whose version is polled to measure POST → state visible (0 = none).</summary>
    public int WatchedStreams { get; init; } = 8;

    /// <summary>Names this run's streams, so runs never share a stream and verification sees only its own events.</summary>
    public string RunId { get; init; } = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Seed for stream and event choices, so two runs with the same seed send the same traffic.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Timeout of one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per request when the app answers 429/503 with Retry-After.</summary>
    public int MaxAttempts { get; init; } = 8;

    public void Validate()
    {
        if (!double.IsFinite(EventsPerSecond) || EventsPerSecond <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(EventsPerSecond), EventsPerSecond, "--rate must be a positive number of events per second.");
        }

        if (Duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "--duration must be positive.");
        }

        if (BatchSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "--batch-size must be from 1 to 1000.");
        }

        if (EventBytes is < 200 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(EventBytes), EventBytes, "--event-bytes must be from 200 to 1000000.");
        }

        if (Concurrency < 1 || Streams < 1 || WatchedStreams < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Concurrency), "--concurrency and --streams must be at least 1, --watch at least 0.");
        }
    }

    public string StreamId(int rank) => $"viewer-{RunId}-{rank:D6}";
}
