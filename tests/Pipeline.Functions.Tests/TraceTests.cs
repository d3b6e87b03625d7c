using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class TraceTests(LocalStackFixture stack, ITestOutputHelper output)
{
    [Fact]
    public async Task One_post_yields_one_trace_spanning_ingest_send_projection_and_store()
    {
        var viewer = "viewer-trace-" + Guid.NewGuid().ToString("N")[..6];
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/events")
        {
            Content = new StringContent(PlaybackEvents.Event(viewer, "playback.started", new System.Text.Json.Nodes.JsonObject { ["titleId"] = "t1" }).ToJsonString()),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/cloudevents+json");
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{callerSpan.ToHexString()}-01");

        using var response = await stack.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // A span is written when it ends: the projector's process span ends last, after every stream's append.
        var spans = await Eventually.ReturnsAsync(
            () => SpansOf(traceId.ToHexString()),
            s => s.Any(span => span.Name == "EventStore.append" && span.Tags.GetValueOrDefault("pipeline.stream.id") == viewer) && s.Any(span => span.Name == "process events"),
            TimeSpan.FromSeconds(60),
            "the store's append and the projector's process span in the trace");
        foreach (var span in spans)
        {
            output.WriteLine($"{span.Source,-22} {span.Kind,-8} {span.Name} ({span.SpanId} <- {span.ParentSpanId})");
        }

        Assert.Contains(spans, s => s.Source == "Microsoft.AspNetCore" && s.Kind == "Server" && s.Tags.GetValueOrDefault("url.path") == "/api/events");
        Assert.Contains(spans, s => s.Name == "ingest send");
        Assert.Contains(spans, s => s.Name == "EventHubs.send" && s.Kind == "Producer");
        Assert.Contains(spans, s => s.Name == "process events" && s.Kind == "Consumer" && s.Tags.GetValueOrDefault("messaging.consumer.group.name") == "projector");
        Assert.Contains(spans, s => s.Name == "project stream" && s.Tags.GetValueOrDefault("pipeline.stream.id") == viewer);
        Assert.Contains(spans, s => s.Source == "Azure.Cosmos.Operation");

        // One tree: every span's parent is another span of the trace, except the root, whose parent is the caller's span.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans, s => Assert.True(s.ParentSpanId == callerSpan.ToHexString() || ids.Contains(s.ParentSpanId!), $"{s.Name} has a parent outside the trace"));

        // And it is a chain from the POST to the store: the append descends from the projection, which descends from the send.
        var byId = spans.ToDictionary(s => s.SpanId);
        var ancestry = Ancestors(spans.First(s => s.Name == "EventStore.append" && s.Tags.GetValueOrDefault("pipeline.stream.id") == viewer), byId)
            .Select(s => s.Kind == "Server" && s.Source == "Microsoft.AspNetCore" ? "ingest request" : s.Name)
            .Where(n => n is "project stream" or "process events" or "ingest request")
            .ToList();
        Assert.Equal(["project stream", "process events", "ingest request"], ancestry);
    }

    private static IEnumerable<Span> Ancestors(Span span, Dictionary<string, Span> byId)
    {
        for (var current = span; current.ParentSpanId is { } parent && byId.TryGetValue(parent, out var next); current = next)
        {
            yield return next;
        }
    }

    private List<Span> SpansOf(string traceId)
    {
        if (!File.Exists(stack.SpanFile))
        {
            return [];
        }

        using var stream = new FileStream(stack.SpanFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var spans = new List<Span>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(traceId, StringComparison.Ordinal) || !line.EndsWith('}'))
            {
                continue;
            }

            var span = JsonSerializer.Deserialize<Span>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
            if (span.TraceId == traceId)
            {
                spans.Add(span);
            }
        }

        return spans;
    }

    private sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Source, Dictionary<string, string?> Tags);
}
