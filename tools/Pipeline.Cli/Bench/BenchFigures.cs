namespace Pipeline.Cli.Bench;

/// <summary>Send and receive rates of one Event Hubs client against the emulator, and its single-event send latency.</summary>
internal sealed record BrokerFigures(string Client, double SendEventsPerSecond, double ReceiveEventsPerSecond, double SendP50Ms, double SendP95Ms, double SendP99Ms, double EventsPerCpuSecond);

/// <summary>What a projector did with the same events: rate, cost in RU and document writes.</summary>
internal sealed record ProjectorFigures(string Projector, long Events, double EventsPerSecond, double RuPerEvent, double WritesPerEvent, double EventsPerCpuSecond);

/// <summary>One point of a load curve: the rate offered, the rate achieved and the latency at that rate.</summary>
internal sealed record CurvePoint(double OfferedPercent, double OfferedEventsPerSecond, double AchievedEventsPerSecond, double P50Ms, double P95Ms, double P99Ms, long Errors)
{
    /// <summary>CPU each process of the stack used over the phase (sending and draining), per event accepted.</summary>
    public IReadOnlyList<ProcessCpuFigure>? Cpu { get; init; }
}

/// <summary>One process's CPU over a phase: CPU-seconds, and microseconds of CPU per event accepted.</summary>
internal sealed record ProcessCpuFigure(string Process, double CpuSeconds, double MicrosecondsPerEvent);

/// <summary>A maximum rate and how latency grows as the offered load approaches it.</summary>
internal sealed record LoadCurve(string Name, double MaxEventsPerSecond, string LatencyMeaning, IReadOnlyList<CurvePoint> Points);
