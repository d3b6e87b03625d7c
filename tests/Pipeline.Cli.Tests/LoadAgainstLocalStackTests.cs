using System.Text.Json;
using Pipeline.Cli.Load;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

/// <summary>The whole local topology on free ports, running the Pipeline.Functions.dll built next to these tests.</summary>
public sealed class LocalTopologyFixture : IAsyncLifetime
{
    internal LocalTopology Topology { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Topology = await LocalTopology.StartAsync(
            new LocalTopologyOptions { RepositoryRoot = RepositoryRoot.Path, HandlerAssembly = Path.Combine(AppContext.BaseDirectory, "Pipeline.Functions.dll") },
            withHost: true,
            CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (Topology is not null)
        {
            await Topology.DisposeAsync();
        }
    }
}

public class LoadAgainstLocalStackTests(LocalTopologyFixture stack) : IClassFixture<LocalTopologyFixture>
{
    [Fact]
    public async Task A_few_seconds_of_load_produce_a_JSON_and_Markdown_report_with_every_event_applied_once_in_order()
    {
        var options = new LoadOptions { EventsPerSecond = 300, Duration = TimeSpan.FromSeconds(4), BatchSize = 5, Streams = 50, Concurrency = 16, WatchedStreams = 4, EventBytes = 600 };
        var endpoint = new PipelineEndpoint(stack.Topology.BaseAddress, stack.Topology.FunctionKey);

        var report = await LoadSession.RunAsync(endpoint, options, verify: true, TimeSpan.FromSeconds(90), showProgress: false, _ => { }, CancellationToken.None);
        var folder = Directory.CreateTempSubdirectory("load-report-").FullName;
        var (json, markdown) = report.Write(folder);

        Assert.True(report.EventsAccepted > 0, "some events were accepted");
        Assert.Equal(report.EventsOffered, report.EventsAccepted);
        var verification = Assert.IsType<VerificationSummary>(report.Verification);
        Assert.True(verification.CaughtUp, "the projector caught up");
        Assert.Equal((0L, 0L, 0L), (verification.Missing, verification.Duplicated, verification.OutOfOrder));
        Assert.Equal(report.EventsAccepted, verification.Observed);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(report.EventsAccepted, document.RootElement.GetProperty("eventsAccepted").GetInt64());
        Assert.Equal(0, document.RootElement.GetProperty("verification").GetProperty("missing").GetInt64());
        Assert.Contains("## Verification", File.ReadAllText(markdown), StringComparison.Ordinal);
        Assert.True(report.VisibleLatencyMs.Count > 0, "the watched streams saw their events become visible");
    }

    [Fact]
    public async Task The_verifier_reports_events_the_app_never_stored_as_missing()
    {
        var options = new LoadOptions { EventsPerSecond = 50, Duration = TimeSpan.FromSeconds(1), BatchSize = 5, Streams = 3, WatchedStreams = 0 };
        var endpoint = new PipelineEndpoint(stack.Topology.BaseAddress, stack.Topology.FunctionKey);
        using var http = endpoint.CreateClient(TimeSpan.FromSeconds(30));
        var runner = new LoadRunner(options, http);
        await runner.RunAsync(CancellationToken.None);
        var stream = runner.StreamIds.First();
        runner.Ledger.Record(stream, new SentEvent("never-sent", 999, 999, long.MaxValue - 1, long.MaxValue, Accepted: true));

        var summary = await LoadVerification.VerifyAsync(http, runner.Ledger, TimeSpan.FromSeconds(5), null, CancellationToken.None);

        Assert.Equal(1, summary.Missing);
        Assert.Equal(stream, Assert.Single(summary.Problems).StreamId);
    }
}
