using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Core.Events;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

/// <summary>Builds CloudEvents for tests, so each test states only what it cares about.</summary>
internal static class TestEvents
{
    public static CloudEventEnvelope Event(string id, string subject = "stream-1", string type = "test.happened", JsonNode? data = null)
    {
        var json = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "/tests",
            ["type"] = type,
            ["subject"] = subject,
            ["data"] = data ?? new JsonObject { ["n"] = id },
        };
        return CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    /// <summary>Events with ids <c>{prefix}-{first}</c>… and, with a partition, consecutive Event Hubs sequence numbers starting at <paramref name="first"/>.</summary>
    public static List<EventToAppend> Many(int count, string prefix = "e", int first = 1, string? partition = null, string subject = "stream-1") =>
        Enumerable.Range(first, count)
            .Select(k => new EventToAppend(Event($"{prefix}-{k}", subject), partition is null ? null : new EventHubsPosition(partition, k)))
            .ToList();

    public static string IdOf(StoredEvent stored) => stored.ToEnvelope().Id;
}
