using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Pipeline.Cli.Dev;

/// <summary>`pipeline dev --demo`: a few viewers' playback sessions posted to ingest, then their projected states.</summary>
internal static class DemoTraffic
{
    private static readonly string[] Titles = ["The Long Night", "Ocean Deep", "City Lights"];

    public static async Task RunAsync(Uri hostAddress, string functionKey, TextWriter output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = hostAddress };
        http.DefaultRequestHeaders.Add("x-functions-key", functionKey);
        // Fresh viewers each run: `pipeline dev` keeps its data, and an earlier run's finished sessions must not pass for this one's.
        var run = Guid.NewGuid().ToString("N")[..4];
        var viewers = Enumerable.Range(1, 3).Select(i => $"viewer-{run}-{i}").ToList();
        var random = new Random();
        var expected = new Dictionary<string, int>();
        foreach (var viewer in viewers)
        {
            var events = Session(viewer, Titles[random.Next(Titles.Length)], random);
            using var content = new StringContent(new JsonArray([.. events]).ToJsonString());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/cloudevents-batch+json");
            using var response = await http.PostAsync(new Uri("api/events", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"POST /api/events ({events.Count} events for {viewer}): {(int)response.StatusCode} {response.StatusCode}").ConfigureAwait(false);
            expected[viewer] = events.Count;
        }

        foreach (var viewer in viewers)
        {
            var state = await WaitForStateAsync(http, viewer, expected[viewer], cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"GET /api/streams/{viewer}:").ConfigureAwait(false);
            await output.WriteLineAsync(state?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "(not projected within 30 s)").ConfigureAwait(false);
        }
    }

    private static async Task<JsonNode?> WaitForStateAsync(HttpClient http, string viewer, int events, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await http.GetAsync(new Uri($"api/streams/{viewer}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                if ((int?)last?["version"] >= events)
                {
                    return last;
                }
            }

            await Task.Delay(200, cancellationToken).ConfigureAwait(false);
        }

        return last;
    }

    private static List<JsonObject> Session(string viewer, string title, Random random)
    {
        var titleId = title.ToLowerInvariant().Replace(' ', '-');
        var events = new List<JsonObject> { Event(viewer, "playback.started", new JsonObject { ["titleId"] = titleId, ["title"] = title }) };
        for (var i = 0; i < 3; i++)
        {
            events.Add(Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = random.Next(10, 60) }));
        }

        events.Add(Event(viewer, "playback.paused", null));
        events.Add(Event(viewer, "playback.resumed", null));
        events.Add(Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = random.Next(10, 60) }));
        events.Add(Event(viewer, "playback.stopped", null));
        return events;
    }

    private static JsonObject Event(string viewer, string type, JsonObject? data)
    {
        var e = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = "/demo/player",
            ["type"] = type,
            ["subject"] = viewer,
            ["time"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (data is not null)
        {
            e["datacontenttype"] = "application/json";
            e["data"] = data;
        }

        return e;
    }
}
