using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Events;

namespace Pipeline.Core.Tests;

/// <summary>Builds CloudEvents JSON for tests, so each test states only the attributes it cares about.</summary>
internal static class TestEvents
{
    public static JsonObject Json(string type = "test.happened", string subject = "stream-1", string id = "e-1", JsonNode? data = null, string? time = null)
    {
        var json = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = id,
            ["source"] = "/tests",
            ["type"] = type,
            ["subject"] = subject,
        };
        if (time is not null)
        {
            json["time"] = time;
        }

        if (data is not null)
        {
            json["data"] = data;
        }

        return json;
    }

    public static byte[] Utf8(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static CloudEventEnvelope Envelope(string type, string subject = "viewer-1", string id = "e-1", JsonNode? data = null, string? time = null) =>
        CloudEventParser.ParseEvent(Utf8(Json(type, subject, id, data, time)));

    public static CloudEventEnvelope Envelope(JsonObject json) => CloudEventParser.ParseEvent(Utf8(json));

    public static ParseResult ParseSingle(JsonNode json, EventValidationOptions? options = null) =>
        CloudEventParser.Parse(Utf8(json), CloudEventContentType.Structured, options);

    public static ParseResult ParseBatch(JsonNode json, EventValidationOptions? options = null) =>
        CloudEventParser.Parse(Utf8(json), CloudEventContentType.Batch, options);

    public static JsonObject With(this JsonObject json, string attribute, JsonNode? value)
    {
        var copy = (JsonObject)json.DeepClone();
        copy[attribute] = value;
        return copy;
    }

    public static JsonObject Without(this JsonObject json, string attribute)
    {
        var copy = (JsonObject)json.DeepClone();
        copy.Remove(attribute);
        return copy;
    }

    public static string Describe(this ParseResult result) =>
        JsonSerializer.Serialize(result.Problems);
}
