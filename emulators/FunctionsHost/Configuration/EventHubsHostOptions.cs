namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>Where a partition starts reading when it has no checkpoint (host.json <c>initialOffsetOptions</c>).</summary>
public enum InitialOffsetType
{
    FromStart,
    FromEnd,
    FromEnqueuedTime,
}

/// <summary>
/// host.json <c>extensions.eventHubs</c>: batching, prefetch, checkpoint frequency and the initial
/// offset, with the Event Hubs extension's defaults.
/// </summary>
public sealed record EventHubsHostOptions
{
    public int MaxEventBatchSize { get; init; } = 100;

    public int MinEventBatchSize { get; init; } = 1;

    public TimeSpan MaxWaitTime { get; init; } = TimeSpan.FromMinutes(1);

    public int BatchCheckpointFrequency { get; init; } = 1;

    public int PrefetchCount { get; init; } = 300;

    public InitialOffsetType InitialOffsetType { get; init; } = InitialOffsetType.FromStart;

    public DateTimeOffset? InitialEnqueuedTimeUtc { get; init; }

    internal static EventHubsHostOptions Read(ConfigurationElement? section)
    {
        var options = new EventHubsHostOptions();
        if (section is not { } s)
        {
            return options;
        }

        options = options with
        {
            MaxEventBatchSize = s.Property("maxEventBatchSize")?.GetInt32(1) ?? options.MaxEventBatchSize,
            MinEventBatchSize = s.Property("minEventBatchSize")?.GetInt32(1) ?? options.MinEventBatchSize,
            MaxWaitTime = s.Property("maxWaitTime")?.GetTimeSpan() ?? options.MaxWaitTime,
            BatchCheckpointFrequency = s.Property("batchCheckpointFrequency")?.GetInt32(1) ?? options.BatchCheckpointFrequency,
            PrefetchCount = s.Property("prefetchCount")?.GetInt32(0) ?? options.PrefetchCount,
        };
        if (options.MinEventBatchSize > options.MaxEventBatchSize)
        {
            throw s.ErrorAt("minEventBatchSize", $"must not exceed maxEventBatchSize ({options.MaxEventBatchSize})");
        }

        if (s.Property("initialOffsetOptions") is { } initial)
        {
            var typeText = initial.Property("type")?.GetString() ?? "fromStart";
            var type = typeText.ToUpperInvariant() switch
            {
                "FROMSTART" => InitialOffsetType.FromStart,
                "FROMEND" => InitialOffsetType.FromEnd,
                "FROMENQUEUEDTIME" => InitialOffsetType.FromEnqueuedTime,
                _ => throw initial.ErrorAt("type", $"must be fromStart, fromEnd or fromEnqueuedTime, not \"{typeText}\""),
            };
            DateTimeOffset? enqueued = null;
            if (type == InitialOffsetType.FromEnqueuedTime)
            {
                var text = initial.Property("enqueuedTimeUtc")?.GetString() ?? throw initial.ErrorAt("enqueuedTimeUtc", "is required for fromEnqueuedTime");
                if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    throw initial.ErrorAt("enqueuedTimeUtc", $"must be a UTC date and time, not \"{text}\"");
                }

                enqueued = parsed;
            }

            options = options with { InitialOffsetType = type, InitialEnqueuedTimeUtc = enqueued };
        }

        return options;
    }
}
