using System.Diagnostics;
using Pipeline.Cli.Load;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Load curves through HTTP with the load generator: the maximum rate first, then open-loop runs at fractions of it,
/// each on fresh streams. Ingest only measures request latency (202 = Event Hubs accepted); end to end measures POST →
/// state visible on watched streams, and takes as its maximum the rate at which events become visible while saturated.
/// </summary>
internal static class CurveBench
{
    private static readonly double[] Fractions = [0.25, 0.5, 0.75, 1.0];
    private static readonly double[] EndToEndFractions = [0.25, 0.5, 0.75];

    public static async Task<LoadCurve> IngestAsync(PipelineEndpoint endpoint, BenchSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var http = endpoint.CreateClient(TimeSpan.FromSeconds(30));
        // Double the offered rate until ingest accepts clearly less than offered: then it is saturated.
        double max = 0;
        var offered = settings.ProbeRate;
        for (var attempt = 0; attempt < 4; attempt++, offered *= 2)
        {
            var probe = await RunAsync(http, settings.Options(offered, settings.PhaseDuration, watched: 0), cancellationToken).ConfigureAwait(false);
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
            var run = await RunAsync(http, settings.Options(max * fraction, settings.PhaseDuration, watched: 0), cancellationToken).ConfigureAwait(false);
            points.Add(Point(fraction, max * fraction, run.Statistics, run.Statistics.RequestLatency, settings.PhaseDuration));
            log($"  ingest at {fraction:P0}: {points[^1].AchievedEventsPerSecond:N0} events/s, p50/p95/p99 {points[^1].P50Ms:0.#}/{points[^1].P95Ms:0.#}/{points[^1].P99Ms:0.#} ms");
        }

        return new LoadCurve("ingest", max, "request latency from due time to 202 (Event Hubs accepted)", points);
    }

    public static async Task<LoadCurve> EndToEndAsync(PipelineEndpoint endpoint, BenchSettings settings, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var http = endpoint.CreateClient(TimeSpan.FromSeconds(30));
        // Ramp: double the offered rate while events become visible as fast as they are accepted. The first step that
        // leaves a backlog gives the rate the projector sustains; ramping keeps that backlog to one short step.
        double max = 0;
        var step = settings.PhaseDuration / 2;
        for (var offered = settings.EndToEndStartRate; offered <= settings.ProbeRate * 4; offered *= 2)
        {
            var started = DateTime.UtcNow;
            var probe = await RunAsync(http, settings.Options(offered, step, watched: 0), cancellationToken).ConfigureAwait(false);
            var accepted = probe.Statistics.EventsAccepted;

            // A grace period for the step's last events: twice the 1 s p99 the pipeline aims for.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            var (visible, at) = await SumVersionsAsync(new Load.StreamReader(http), probe, cancellationToken).ConfigureAwait(false);
            var acceptedRate = accepted / step.TotalSeconds;
            var keptUp = visible >= accepted * 0.98 && accepted >= offered * step.TotalSeconds * 0.9;
            log($"  end-to-end ramp: offered {offered:N0}/s, accepted {acceptedRate:N0}/s, visible {visible:N0} of {accepted:N0} after {(at - started).TotalSeconds:0.0} s");
            if (keptUp)
            {
                max = Math.Max(max, acceptedRate);
                continue;
            }

            max = Math.Max(max, Math.Min(acceptedRate, visible / (at - started).TotalSeconds));
            await CatchUpAsync(http, probe, settings.CatchUpLimit, cancellationToken).ConfigureAwait(false);
            break;
        }

        log($"  end to end sustained: {max:N0} events/s");

        var points = new List<CurvePoint>();
        foreach (var fraction in EndToEndFractions)
        {
            var run = await RunAsync(http, settings.Options(max * fraction, settings.PhaseDuration, watched: settings.WatchedStreams), cancellationToken).ConfigureAwait(false);
            points.Add(Point(fraction, max * fraction, run.Statistics, run.Statistics.VisibleLatency, settings.PhaseDuration));
            log($"  end to end at {fraction:P0}: {points[^1].AchievedEventsPerSecond:N0} events/s, POST → visible p50/p95/p99 {points[^1].P50Ms:0.#}/{points[^1].P95Ms:0.#}/{points[^1].P99Ms:0.#} ms");
            await CatchUpAsync(http, run, settings.CatchUpLimit, cancellationToken).ConfigureAwait(false);
        }

        return new LoadCurve("end to end", max, "POST due → state visible in GET /api/streams/{id} (watched streams)", points);
    }

    private static async Task<LoadRunner> RunAsync(HttpClient http, LoadOptions options, CancellationToken cancellationToken)
    {
        var runner = new LoadRunner(options, http);
        await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return runner;
    }

    private static CurvePoint Point(double fraction, double offered, LoadStatistics statistics, LatencyHistogram latency, TimeSpan duration)
    {
        var summary = latency.Summary();
        return new CurvePoint(fraction * 100, offered, statistics.EventsAccepted / duration.TotalSeconds, summary.P50, summary.P95, summary.P99, statistics.EventsFailed);
    }

    private static async Task CatchUpAsync(HttpClient http, LoadRunner run, TimeSpan limit, CancellationToken cancellationToken)
    {
        var reader = new Load.StreamReader(http);
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var (visible, _) = await SumVersionsAsync(reader, run, cancellationToken).ConfigureAwait(false);
            if (visible >= run.Statistics.EventsAccepted)
            {
                return;
            }

            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(long Sum, DateTime At)> SumVersionsAsync(Load.StreamReader reader, LoadRunner run, CancellationToken cancellationToken)
    {
        long sum = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(run.StreamIds.ToList(), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (stream, token) =>
        {
            Interlocked.Add(ref sum, await reader.ReadVersionAsync(stream, token).ConfigureAwait(false));
        }).ConfigureAwait(false);

        // The versions were read over the whole sweep; its midpoint is when the sum held.
        return (sum, DateTime.UtcNow - (clock.Elapsed / 2));
    }
}
