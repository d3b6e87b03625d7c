using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Pipeline.Cli.Bench;
using Pipeline.Cli.Dev;
using Pipeline.Cli.Load;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline bench`: broker, projector, ingest and end-to-end benchmarks on throwaway local stacks in one run, with
/// side-by-side comparisons, one table, an SVG plot, and the per-instance figures `pipeline plan` reads.
/// `pipeline bench e2e` runs only the end-to-end benchmark.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Run the local benchmarks (broker, projector, ingest, end to end) and print one table; writes JSON, Markdown and SVG under .pipeline/bench.");
        var options = CommonOptions();
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, token) => RunAsync(result, options, BenchParts.All, "pipeline bench", token));

        var e2e = new Command("e2e", "End to end only: sustained events/s through the whole local stack (1 KB events, 1 000 streams), then POST → state visible latency at 25/50/75 % of it.");
        var e2eOptions = CommonOptions();
        foreach (var option in e2eOptions.All)
        {
            e2e.Options.Add(option);
        }

        e2e.SetAction((result, token) => RunAsync(result, e2eOptions, BenchParts.EndToEnd, "pipeline bench e2e", token));
        command.Subcommands.Add(e2e);
        return command;
    }

    private static BenchOptionSet CommonOptions() => new(
        new Option<double>("--duration") { Description = "Seconds per load phase (probe, end-to-end warm-up and ramp steps, each point of a curve).", DefaultValueFactory = _ => 8 },
        new Option<int>("--events") { Description = "Events for the broker and projector benches.", DefaultValueFactory = _ => 20_000 },
        new Option<double>("--probe-rate") { Description = "Events/s offered when looking for the maximum.", DefaultValueFactory = _ => 20_000 },
        new Option<int>("--batch-size") { Description = "Events per POST in the HTTP benches.", DefaultValueFactory = _ => 50 },
        new Option<string?>("--out") { Description = "Folder for bench.json, bench.md and bench.svg (default .pipeline/bench/<time>)." },
        new Option<bool>("--docs") { Description = "Also copy the JSON and SVG to docs/bench/<date>.json and .svg (checked in, read by `pipeline plan`)." },
        new Option<bool>("--no-build") { Description = "Use the function app already published to .pipeline/load/handler." },
        new Option<int>("--partitions") { Description = "Partitions of the event hub in the HTTP benches' local stacks.", DefaultValueFactory = _ => LocalTopologyOptions.DefaultPartitionCount });

    private static async Task<int> RunAsync(ParseResult result, BenchOptionSet options, BenchParts parts, string name, CancellationToken cancellationToken)
    {
        var root = RepositoryLocator.Find();
        if (root is null)
        {
            await Console.Error.WriteLineAsync("error: run `pipeline bench` inside the repository.").ConfigureAwait(false);
            return 2;
        }

        var duration = result.GetValue(options.Duration);
        if (duration is <= 0 or > 120)
        {
            await Console.Error.WriteLineAsync("error: --duration must be from 1 to 120 seconds.").ConfigureAwait(false);
            return 2;
        }

        var partitions = result.GetValue(options.Partitions);
        if (LocalTopologyOptions.PartitionCountProblem(partitions) is { } partitionProblem)
        {
            await Console.Error.WriteLineAsync($"error: {partitionProblem}").ConfigureAwait(false);
            return 2;
        }

        var settings = new BenchSettings
        {
            PhaseDuration = TimeSpan.FromSeconds(duration),
            Events = Math.Max(1000, result.GetValue(options.Events)),
            ProbeRate = Math.Max(100, result.GetValue(options.ProbeRate)),
            BatchSize = Math.Clamp(result.GetValue(options.BatchSize), 1, 1000),
            Partitions = partitions,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        try
        {
            var handler = Path.Combine(root, ".pipeline", "load", "handler", "Pipeline.Functions.dll");
            if (parts.HasFlag(BenchParts.Ingest) || parts.HasFlag(BenchParts.EndToEnd))
            {
                if (!result.GetValue(options.NoBuild) || !File.Exists(handler))
                {
                    Console.WriteLine("Building the function app (dotnet publish functions/Pipeline.Functions.csproj)...");
                    handler = await LocalFunctionApp.PublishHandlerAsync(root, Path.GetDirectoryName(handler)!, stop.Token).ConfigureAwait(false);
                }
            }

            var commandLine = string.Join(' ', new[] { name }.Concat(result.Tokens.Where(t => t.Type != System.CommandLine.Parsing.TokenType.Command).Select(t => t.Value)));
            var results = await BenchRunner.RunAsync(root, handler, parts, settings, commandLine, Console.WriteLine, stop.Token).ConfigureAwait(false);
            var stamp = results.MeasuredAt.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture);
            var folder = result.GetValue(options.Out) ?? Path.Combine(root, ".pipeline", "bench", stamp);
            Directory.CreateDirectory(folder);
            var json = results.ToJson();
            await File.WriteAllTextAsync(Path.Combine(folder, "bench.json"), json, stop.Token).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench.md"), results.ToMarkdown(), stop.Token).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(folder, "bench.svg"), results.ToSvg(), stop.Token).ConfigureAwait(false);
            if (results.Planner is not null)
            {
                Directory.CreateDirectory(Path.Combine(root, ".pipeline", "bench"));
                await File.WriteAllTextAsync(Path.Combine(root, ".pipeline", "bench", "latest.json"), json, stop.Token).ConfigureAwait(false);
            }

            if (result.GetValue(options.Docs))
            {
                var docs = Path.Combine(root, "docs", "bench");
                Directory.CreateDirectory(docs);
                var prefix = parts == BenchParts.All ? results.MeasuredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : results.MeasuredAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "-e2e";
                await File.WriteAllTextAsync(Path.Combine(docs, prefix + ".json"), json, stop.Token).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(docs, prefix + ".svg"), results.ToSvg(), stop.Token).ConfigureAwait(false);
                await File.WriteAllTextAsync(Path.Combine(docs, prefix + ".md"), results.ToMarkdown(), stop.Token).ConfigureAwait(false);
            }

            Console.WriteLine();
            Console.Write(results.ToMarkdown());
            Console.WriteLine();
            Console.WriteLine($"Written to {folder} (bench.json, bench.md, bench.svg){(results.Planner is null ? string.Empty : "; .pipeline/bench/latest.json feeds `pipeline plan`")}.");
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The options `pipeline bench` and `pipeline bench e2e` share (each command needs its own instances).</summary>
    private sealed record BenchOptionSet(
        Option<double> Duration, Option<int> Events, Option<double> ProbeRate, Option<int> BatchSize, Option<string?> Out, Option<bool> Docs, Option<bool> NoBuild, Option<int> Partitions)
    {
        public IEnumerable<Option> All => [Duration, Events, ProbeRate, BatchSize, Out, Docs, NoBuild, Partitions];
    }
}
