namespace Pipeline.Emulators.FunctionsHost.Handler;

/// <summary>Timings for starting and restarting the handler process.</summary>
public sealed class HandlerSupervisorOptions
{
    /// <summary>How long a fresh handler may take to answer <c>GET /</c> (the Azure host allows about a minute).</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>First wait before restarting a handler that died; doubles per consecutive failure.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the restart wait.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);
}
