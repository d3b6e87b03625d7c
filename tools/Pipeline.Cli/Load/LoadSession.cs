namespace Pipeline.Cli.Load;

/// <summary>One `pipeline load` run end to end — send, optionally verify, report — shared by the command and its tests.</summary>
internal static class LoadSession
{
    public static async Task<LoadReport> RunAsync(
        PipelineEndpoint endpoint, LoadOptions options, bool verify, TimeSpan catchUpLimit, bool showProgress, Action<string> log, CancellationToken cancellationToken, ProcessCpu? cpu = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(log);
        using var http = endpoint.CreateClient(options.RequestTimeout);
        var runner = new LoadRunner(options, http);
        var startedAt = DateTimeOffset.UtcNow;
        var cpuBefore = cpu?.Take();
        var sending = runner.RunAsync(cancellationToken);
        if (showProgress)
        {
            await LiveProgress.ShowWhileAsync(sending, runner.Statistics, options.EventsPerSecond, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await sending.ConfigureAwait(false);
        }

        // CPU over sending and the wait for the watched streams to show the last events (the stack has drained by then).
        var cpuUsed = cpuBefore is null ? null : ProcessCpu.Between(cpuBefore, cpu!.Take());
        var elapsed = Math.Min(runner.Statistics.Elapsed.TotalSeconds, options.Duration.TotalSeconds);
        VerificationSummary? verification = null;
        if (verify)
        {
            log("Verifying: waiting for the projector, then reading every stream back...");
            verification = await LoadVerification.VerifyAsync(http, runner.Ledger, catchUpLimit, null, cancellationToken).ConfigureAwait(false);
        }

        var accepted = Math.Max(1, runner.Statistics.EventsAccepted);
        return LoadReport.From(endpoint.BaseAddress.ToString(), startedAt, options, runner.Statistics, elapsed, verification) with
        {
            Cpu = cpuUsed?.Select(u => new Bench.ProcessCpuFigure(u.Role, Math.Round(u.CpuSeconds, 2), Math.Round(u.CpuSeconds * 1e6 / accepted, 1))).ToList(),
        };
    }
}
