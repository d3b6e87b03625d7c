using Pipeline.Cli.Load;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Load curves through HTTP with the load generator: the maximum rate first, then open-loop runs at fractions of it,
/// ingest on fresh streams per phase, end to end on one set of viewers. Ingest only measures request latency (202 = Event Hubs accepted); end to end measures POST →
/// state visible on watched streams (whose last events being visible also means their partitions have drained, since
/// a partition is projected in order), and takes as its maximum the highest rate that keeps up.
/// </summary>
internal static class CurveBench
{
    private static readonly double[] Fractions = [0.25, 0.5, 0.75, 1.0];
    private static readonly double[] EndToEndFractions = [0.25, 0.5, 0.75];

    public static async Task<LoadCurve> IngestAsync(PipelineEndpoint endpoint, BenchSettings settings, ProcessCpu? cpu, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var http = endpoint.CreateClient(TimeSpan.FromSeconds(30));
        // Double the offered rate until ingest accepts clearly less than offered: then it is saturated.
        double max = 0;
        var offered = settings.ProbeRate;
        for (var attempt = 0; attempt < 4; attempt++, offered *= 2)
        {
            var probe = await RunAsync(http, cpu, settings.Options(offered, settings.PhaseDuration, watched: 0), cancellationToken).ConfigureAwait(false);
            max = Math.Max(max, probe.Statistics.EventsAccepted / settings.PhaseDuration.TotalSeconds);
            log($"  ingest probe: offered {offered:N0} events/s, accepted {max:N0}/s");
            if (max < offered * 0.9)
            {
                break;
            }
        }

        var points = new List<CurvePoint>();
        foreach (var fraction in Fractions)
        {
            var run = await RunAsync(http, cpu, settings.Options(max * fraction, settings.PhaseDuration, watched: 0), cancellationToken).ConfigureAwait(false);
            points.Add(Point(fraction, max * fraction, run, run.Statistics.RequestLatency, settings.PhaseDuration));
            log($"  ingest at {fraction:P0}: {points[^1].AchievedEventsPerSecond:N0} events/s, p50/p95/p99 {points[^1].P50Ms:0.#}/{points[^1].P95Ms:0.#}/{points[^1].P99Ms:0.#} ms{CpuNote(run)}");
        }

        // A probe's burst can outrun what ingest holds for a whole phase (queues fill first), so the figure reported is
        // the best phase in which nothing was refused; the curve's fractions stay those of the probe's peak.
        var sustained = points.Where(p => p.Errors == 0).Select(p => p.AchievedEventsPerSecond).DefaultIfEmpty(0).Max();
        log($"  ingest sustained: {sustained:N0} events/s with nothing refused (probe peak {max:N0}/s)");
        return new LoadCurve("ingest", sustained, "request latency from due time to 202 (Event Hubs accepted)", points);
    }

    public static async Task<LoadCurve> EndToEndAsync(PipelineEndpoint endpoint, BenchSettings settings, ProcessCpu? cpu, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var http = endpoint.CreateClient(TimeSpan.FromSeconds(30));

        // One set of viewers for the whole bench, as in production: streams exist and events append to them.
        var runId = "e2e-" + new LoadOptions().RunId;
        // Steps as long as the curve's phases: with the kept-up rule below, a backlog growing by 1/8 of the rate shows.
        // The warm-up at the start rate also lets tiered JIT finish, so the ramp measures compiled code, not the JIT.
        var step = settings.PhaseDuration;
        var warmUp = await RunAsync(http, cpu, settings.Options(settings.EndToEndStartRate, step, settings.WatchedStreams, runId), cancellationToken).ConfigureAwait(false);
        log($"  warmed up (viewers created){CpuNote(warmUp)}");

        // Ramp: double the offered rate while every event is accepted and becomes visible with p99 under the bound;
        // after the first step that fails, halve until one keeps up, then try halfway between (twice at most).
        double sustained = 0;
        double? failed = null;
        var bisections = 0;
        var offered = settings.EndToEndStartRate;
        for (var attempt = 0; attempt < 10 && offered <= settings.ProbeRate * 4; attempt++)
        {
            var run = await RunAsync(http, cpu, settings.Options(offered, step, settings.WatchedStreams, runId), cancellationToken).ConfigureAwait(false);
            var visible = run.Statistics.VisibleLatency.Summary();
            var accepted = run.Statistics.EventsAccepted / step.TotalSeconds;
            // Kept up: nothing refused, every sampled event visible, p99 within the bound, and no growing backlog (events due in
            // the second half of the step took at most a quarter of the bound longer, at the median, than those of the first).
            var growth = run.Statistics.VisibleLatencySecondHalf.Summary().P50 - run.Statistics.VisibleLatencyFirstHalf.Summary().P50;
            var keptUp = run.Statistics.EventsFailed == 0 && accepted >= offered * 0.9 && run.Watcher.Pending == 0 && visible.P99 <= settings.KeptUpP99.TotalMilliseconds
                && growth <= settings.KeptUpP99.TotalMilliseconds / 4;
            log($"  end-to-end ramp: offered {offered:N0}/s, accepted {accepted:N0}/s, POST → visible p99 {visible.P99:N0} ms, median growth {growth:N0} ms{(run.Watcher.Pending > 0 ? $", {run.Watcher.Pending} sampled events not visible after 30 s" : string.Empty)}: {(keptUp ? "kept up" : "fell behind")}{CpuNote(run)}");
            if (keptUp)
            {
                sustained = Math.Max(sustained, accepted);
            }
            else
            {
                failed = Math.Min(failed ?? double.MaxValue, offered);
            }

            if (failed is null)
            {
                offered *= 2;
            }
            else if (sustained == 0)
            {
                offered /= 2;
                if (offered < 50)
                {
                    break;
                }
            }
            else if (bisections < 2 && failed / sustained > 1.3)
            {
                offered = (sustained + failed.Value) / 2;
                bisections++;
            }
            else
            {
                break;
            }
        }

        var max = sustained > 0 ? sustained : offered;
        log($"  end to end sustained: {max:N0} events/s (POST → visible p99 ≤ {settings.KeptUpP99.TotalMilliseconds:N0} ms, median not growing by more than {settings.KeptUpP99.TotalMilliseconds / 4:N0} ms over a step, nothing refused)");

        var points = new List<CurvePoint>();
        foreach (var fraction in EndToEndFractions)
        {
            var run = await RunAsync(http, cpu, settings.Options(max * fraction, settings.PhaseDuration, settings.WatchedStreams, runId), cancellationToken).ConfigureAwait(false);
            points.Add(Point(fraction, max * fraction, run, run.Statistics.VisibleLatency, settings.PhaseDuration));
            log($"  end to end at {fraction:P0}: {points[^1].AchievedEventsPerSecond:N0} events/s, POST → visible p50/p95/p99 {points[^1].P50Ms:0.#}/{points[^1].P95Ms:0.#}/{points[^1].P99Ms:0.#} ms{CpuNote(run)}");
        }

        return new LoadCurve("end to end", max, "POST due → state visible in GET /api/streams/{id} (watched streams)", points);
    }

    private static async Task<PhaseRun> RunAsync(HttpClient http, ProcessCpu? cpu, LoadOptions options, CancellationToken cancellationToken)
    {
        var runner = new LoadRunner(options, http);
        var before = cpu?.Take();
        await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        var used = before is null ? null : ProcessCpu.Between(before, cpu!.Take());
        var accepted = Math.Max(1, runner.Statistics.EventsAccepted);
        return new PhaseRun(runner.Statistics, runner.Watcher, used?.Select(u => new ProcessCpuFigure(u.Role, Math.Round(u.CpuSeconds, 2), Math.Round(u.CpuSeconds * 1e6 / accepted, 1))).ToList());
    }

    private static CurvePoint Point(double fraction, double offered, PhaseRun run, LatencyHistogram latency, TimeSpan duration)
    {
        var summary = latency.Summary();
        return new CurvePoint(fraction * 100, offered, run.Statistics.EventsAccepted / duration.TotalSeconds, summary.P50, summary.P95, summary.P99, run.Statistics.EventsFailed) { Cpu = run.Cpu };
    }

    /// <summary>CPU per event of the whole stack over a phase, for the progress log.</summary>
    private static string CpuNote(PhaseRun run) => run.Cpu is { Count: > 0 } cpu
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", {cpu.Sum(c => c.MicrosecondsPerEvent):N0} µs CPU/event ({string.Join(", ", cpu.Select(c => $"{c.Process} {c.MicrosecondsPerEvent:N0}"))})")
        : string.Empty;

    /// <summary>One phase's statistics, its visibility watcher, and the CPU each process used.</summary>
    private sealed record PhaseRun(LoadStatistics Statistics, VisibilityWatcher Watcher, IReadOnlyList<ProcessCpuFigure>? Cpu);
}
