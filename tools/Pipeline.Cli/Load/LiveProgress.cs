using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Load;

/// <summary>
/// The terminal view of a running load: accepted rate this second and overall, responses by status, latency
/// percentiles of the last interval and of the run. Redrawn in place on a terminal, one line per interval otherwise.
/// </summary>
internal static class LiveProgress
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    public static async Task ShowWhileAsync(Task work, LoadStatistics statistics, double offeredRate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(statistics);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var previous = Sample.Of(statistics);
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(Interval * 2, cancellationToken)).ConfigureAwait(false);
                var current = Sample.Of(statistics);
                Console.WriteLine(Line(statistics, previous, current));
                previous = current;
            }

            await work.ConfigureAwait(false);
            return;
        }

        var last = Sample.Of(statistics);
        await AnsiConsole.Live(Render(statistics, last, last, offeredRate)).AutoClear(false).StartAsync(async context =>
        {
            while (!work.IsCompleted)
            {
                await Task.WhenAny(work, Task.Delay(Interval, cancellationToken)).ConfigureAwait(false);
                var current = Sample.Of(statistics);
                context.UpdateTarget(Render(statistics, last, current, offeredRate));
                last = current;
            }
        }).ConfigureAwait(false);
        await work.ConfigureAwait(false);
    }

    private static IRenderable Render(LoadStatistics statistics, Sample previous, Sample current, double offeredRate)
    {
        var interval = current.Latency.Since(previous.Latency).Summary();
        var overall = current.Latency.Summary();
        var visible = statistics.VisibleLatency.Summary();
        var table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn(new TableColumn("last second").RightAligned()).AddColumn(new TableColumn("whole run").RightAligned());
        table.AddRow("elapsed", "", Format($"{current.Elapsed.TotalSeconds:0} s"));
        table.AddRow("accepted events/s", Format($"{Rate(previous, current):N0}"), Format($"{current.Accepted / Math.Max(0.001, current.Elapsed.TotalSeconds):N0} (offered {offeredRate:N0})"));
        table.AddRow("latency p50 / p95 / p99 ms", Ms(interval), Ms(overall));
        table.AddRow("POST → visible p50 / p95 / p99 ms", "", Ms(visible));
        table.AddRow("responses", "", Markup.Escape(string.Join("  ", statistics.Outcomes.Select(o => $"{o.Key}: {o.Value:N0}"))));
        table.AddRow("retries / dropped", "", Format($"{statistics.Retries:N0} / {statistics.Dropped:N0}"));
        return table;
    }

    private static string Line(LoadStatistics statistics, Sample previous, Sample current)
    {
        var overall = current.Latency.Summary();
        return Format($"{current.Elapsed.TotalSeconds,5:0} s  {Rate(previous, current),8:N0} events/s  p50/p95/p99 {Ms(overall)} ms  ") + string.Join(" ", statistics.Outcomes.Select(o => $"{o.Key}:{o.Value}"));
    }

    private static double Rate(Sample previous, Sample current) =>
        (current.Accepted - previous.Accepted) / Math.Max(0.001, (current.Elapsed - previous.Elapsed).TotalSeconds);

    private static string Ms(LatencySummary s) => s.Count == 0 ? "-" : Format($"{s.P50:0.#} / {s.P95:0.#} / {s.P99:0.#}");

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Sample(TimeSpan Elapsed, long Accepted, LatencyHistogram Latency)
    {
        public static Sample Of(LoadStatistics statistics) => new(statistics.Elapsed, statistics.EventsAccepted, statistics.RequestLatency.Snapshot());
    }
}
