using System.Text.Json.Nodes;

namespace Pipeline.Functions.Tests;

/// <summary>Media-streaming sample traffic: playback.* CloudEvents for a viewer's stream.</summary>
internal static class PlaybackEvents
{
    public static JsonObject Event(string viewer, string type, JsonObject? data = null, string? id = null)
    {
        var e = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id ?? Guid.NewGuid().ToString("N"),
            ["source"] = "/players/test",
            ["type"] = type,
            ["subject"] = viewer,
            ["time"] = DateTimeOffset.UtcNow.ToString("O"),
        };
        if (data is not null)
        {
            e["datacontenttype"] = "application/json";
            e["data"] = data;
        }

        return e;
    }

    /// <summary>A plausible session for a viewer: start, heartbeats, a pause and resume, and a stop.</summary>
    public static List<JsonObject> Session(string viewer, Random random)
    {
        var events = new List<JsonObject> { Event(viewer, "playback.started", new JsonObject { ["titleId"] = $"title-{random.Next(100)}", ["title"] = "A title" }) };
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            events.Add(Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = random.Next(1, 60) }));
        }

        events.Add(Event(viewer, "playback.paused"));
        events.Add(Event(viewer, "playback.resumed"));
        events.Add(Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = random.Next(1, 60) }));
        events.Add(Event(viewer, "playback.stopped"));
        return events;
    }

    public static string Batch(IEnumerable<JsonObject> events) => new JsonArray([.. events.Select(e => e.DeepClone())]).ToJsonString();
}
