using System.Net;
using System.Text.Json.Nodes;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class IngestTests(LocalStackFixture stack)
{
    [Fact]
    public async Task A_valid_batch_is_accepted_with_the_ids_of_its_events()
    {
        var events = PlaybackEvents.Session("ingest-ok-" + Guid.NewGuid().ToString("N")[..6], new Random(1));
        using var response = await stack.PostEventsAsync(PlaybackEvents.Batch(events));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(events.Select(e => (string)e["id"]!), body["ids"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task A_single_structured_event_is_accepted()
    {
        var e = PlaybackEvents.Event("ingest-single", "playback.paused");
        using var response = await stack.PostEventsAsync(e.ToJsonString(), "application/cloudevents+json");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal((string)e["id"]!, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["ids"]![0]!);
    }

    [Fact]
    public async Task A_batch_with_invalid_events_is_rejected_listing_every_problem()
    {
        var valid = PlaybackEvents.Event("ingest-bad", "playback.paused");
        var noType = PlaybackEvents.Event("ingest-bad", "playback.paused");
        noType.Remove("type");
        var badSpec = PlaybackEvents.Event("ingest-bad", "playback.paused");
        badSpec["specversion"] = "0.3";
        using var response = await stack.PostEventsAsync(PlaybackEvents.Batch([valid, noType, badSpec]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => (int)e!["index"]! == 1 && (string?)e["attribute"] == "type");
        Assert.Contains(errors, e => (int)e!["index"]! == 2 && (string?)e["attribute"] == "specversion");
        Assert.DoesNotContain(errors, e => (int)e!["index"]! == 0);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        using var response = await stack.PostEventsAsync("[{\"specversion\":", "application/cloudevents-batch+json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_rejected_with_413()
    {
        var big = PlaybackEvents.Event("ingest-big", "playback.started", new JsonObject { ["titleId"] = "t", ["title"] = new string('x', 5 * 1024 * 1024) });
        using var response = await stack.PostEventsAsync(PlaybackEvents.Batch([big]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_event_over_the_event_limit_is_rejected_with_413()
    {
        var big = PlaybackEvents.Event("ingest-big", "playback.started", new JsonObject { ["titleId"] = "t", ["title"] = new string('x', 1_100_000) });
        using var response = await stack.PostEventsAsync(big.ToJsonString(), "application/cloudevents+json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Other_content_types_are_rejected_with_415()
    {
        using var response = await stack.PostEventsAsync("<event/>", "application/xml");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_request_without_a_function_key_is_unauthorized()
    {
        using var response = await stack.PostEventsAsync(PlaybackEvents.Batch([PlaybackEvents.Event("ingest-nokey", "playback.paused")]), client: stack.Anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_health_endpoint_reports_every_dependency_healthy()
    {
        using var response = await stack.Anonymous.GetAsync("api/health");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("healthy", (string?)body["dependencies"]!["eventHubs"]!["status"]);
        Assert.Equal("healthy", (string?)body["dependencies"]!["cosmosDb"]!["status"]);
        Assert.Equal("healthy", (string?)body["dependencies"]!["storage"]!["status"]);
    }
}
