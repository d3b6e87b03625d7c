using System.Net;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class MetricsTests(LocalStackFixture stack, ITestOutputHelper output)
{
    /// <summary>The Prometheus names of the README's metrics (OpenTelemetry adds unit suffixes and <c>_total</c> to counters).</summary>
    public static readonly string[] DocumentedPrometheusNames =
    [
        "pipeline_ingest_events_total",
        "pipeline_ingest_request_bytes",
        "pipeline_ingest_batch_events",
        "pipeline_eventhubs_send_duration_seconds",
        "pipeline_projector_lag",
        "pipeline_projector_enqueued_to_applied_seconds",
        "pipeline_e2e_post_to_applied_seconds",
        "pipeline_cosmos_request_charge",
        "pipeline_duplicates_skipped_total",
    ];

    [Fact]
    public async Task After_traffic_the_prometheus_endpoint_serves_the_documented_metrics()
    {
        var viewer = "viewer-metrics-" + Guid.NewGuid().ToString("N")[..6];
        var started = PlaybackEvents.Event(viewer, "playback.started", new JsonObject { ["titleId"] = "t1" });
        using (var accepted = await stack.PostEventsAsync(PlaybackEvents.Batch([started, PlaybackEvents.Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = 5 })])))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        // The same event again: the projector skips it as a duplicate.
        using (var again = await stack.PostEventsAsync(started.ToJsonString(), "application/cloudevents+json"))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        using (var rejected = await stack.PostEventsAsync("{\"specversion\":\"1.0\"}", "application/cloudevents+json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        }

        using var scraper = new HttpClient();
        var text = await Eventually.ReturnsAsync(
            () => scraper.GetStringAsync(stack.MetricsEndpoint),
            t => DocumentedPrometheusNames.All(name => t.Contains(name, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(60),
            "every documented metric on /metrics");

        foreach (var name in text.Split('\n').Where(l => l.StartsWith("pipeline_", StringComparison.Ordinal)).Select(l => l.Split('{', ' ')[0]).Distinct())
        {
            output.WriteLine(name);
        }

        Assert.Contains("outcome=\"accepted\"", text, StringComparison.Ordinal);
        Assert.Contains("outcome=\"rejected\"", text, StringComparison.Ordinal);
        Assert.Matches("pipeline_projector_lag\\{[^}]*partition=\"[0-3]\"", text);
        Assert.Matches("pipeline_cosmos_request_charge[a-z_]*\\{[^}]*operation=\"", text);
    }

    [Fact]
    public async Task The_metrics_endpoint_is_not_a_function_route_of_the_host()
    {
        // The host forwards only function routes; /metrics exists on the handler's own loopback port alone.
        using var response = await stack.Anonymous.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
