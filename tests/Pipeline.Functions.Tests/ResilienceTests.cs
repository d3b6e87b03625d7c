using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Testing;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class ResilienceTests(LocalStackFixture stack)
{
    [Fact]
    public async Task Ingest_answers_503_with_problem_details_when_event_hubs_is_unreachable()
    {
        var unreachable = $"Endpoint=sb://127.0.0.1:{FreePort.Next()};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true";
        await using var host = await stack.StartHostAsync(new Dictionary<string, string>
        {
            ["EventHubConnection"] = unreachable,
            ["Ingest__SendTimeout"] = "00:00:05",
        });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Add("x-functions-key", host.Keys.DefaultFunctionKey);
        using var content = new StringContent(PlaybackEvents.Event("viewer-503", "playback.paused").ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");

        using var response = await client.PostAsync("api/events", content);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Event Hubs", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_answers_429_with_retry_after_when_event_hubs_throttles_and_never_202_for_refused_events()
    {
        // One throughput unit admits 1 MB/s; twenty concurrent ~900 KB requests always exceed it, retries included.
        var options = new EventHubsEmulatorOptions { Port = FreePort.Next(), ThroughputUnits = 1 };
        options.EventHubs.Add(new EventHubDefinition(LocalStackFixture.HubName, LocalStackFixture.PartitionCount, "projector", "archive"));
        await using var throttled = new EventHubsEmulator(options);
        await throttled.StartAsync();
        await using var host = await stack.StartHostAsync(new Dictionary<string, string> { ["EventHubConnection"] = throttled.GetConnectionString() });
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
        client.DefaultRequestHeaders.Add("x-functions-key", host.Keys.DefaultFunctionKey);
        var run = Guid.NewGuid().ToString("N")[..6];

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var e = PlaybackEvents.Event($"viewer-throttled-{run}-{i}", "playback.started", new JsonObject { ["titleId"] = "t", ["title"] = new string('x', 900_000) });
            using var content = new StringContent(e.ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents+json");
            return await client.PostAsync("api/events", content);
        }));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType?.MediaType);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Streams_converge_when_the_handler_is_killed_mid_stream_and_clients_retry()
    {
        var random = new Random(7);
        var run = Guid.NewGuid().ToString("N")[..6];
        var streams = Enumerable.Range(0, 6).ToDictionary(i => $"viewer-kill-{run}-{i}", i => PlaybackEvents.Session($"viewer-kill-{run}-{i}", random));
        var half = streams.ToDictionary(s => s.Key, s => s.Value.Count / 2);

        foreach (var (viewer, events) in streams)
        {
            await PostUntilAcceptedAsync(events.Take(half[viewer]).ToList());
        }

        var killed = stack.Host.HandlerProcessId!.Value;
        var restartsBefore = stack.Host.HandlerRestarts;
        using (var process = Process.GetProcessById(killed))
        {
            process.Kill();
        }

        // Clients retry what was not acknowledged; re-posted ids are recognised by the store, so each applies once.
        foreach (var (viewer, events) in streams)
        {
            await PostUntilAcceptedAsync(events.Skip(half[viewer]).ToList());
        }

        Assert.True(stack.Host.HandlerRestarts > restartsBefore || stack.Host.HandlerProcessId != killed);
        foreach (var (viewer, events) in streams)
        {
            var state = await Eventually.ReturnsAsync(
                async () =>
                {
                    using var response = await stack.Client.GetAsync($"api/streams/{viewer}");
                    return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
                },
                s => s is not null && (long)s["version"]! >= events.Count,
                TimeSpan.FromSeconds(90),
                $"stream {viewer} after the restart");
            Assert.Equal(events.Count, (long)state!["version"]!);
            Assert.Equal(events.Count, (long)state["projections"]!["summary"]!["state"]!["totalCount"]!);
        }
    }

    private async Task PostUntilAcceptedAsync(List<JsonObject> events)
    {
        await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    using var response = await stack.PostEventsAsync(PlaybackEvents.Batch(events));
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.BadGateway;
                }
            },
            status => status == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(60),
            "an accepted post");
    }
}
