using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>Parses request bodies into JSON objects, answering malformed input with Cosmos DB's 400.</summary>
internal static class JsonBody
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 128 };

    public static JsonObject Object(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, NodeOptions, DocumentOptions) as JsonObject ?? throw Fail.InvalidPayload();
        }
        catch (JsonException)
        {
            throw Fail.InvalidPayload();
        }
    }

    /// <summary>
    /// An item body, checked to be valid UTF-8 holding one JSON object, read without building a tree so that its bytes
    /// can be stored as they are; the caller disposes the document.
    /// </summary>
    public static JsonDocument Document(byte[] body)
    {
        if (!Utf8.IsValid(body))
        {
            throw Fail.InvalidPayload();
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException)
        {
            throw Fail.InvalidPayload();
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw Fail.InvalidPayload();
        }

        return document;
    }

    /// <summary>A patch body: `{"operations": [...], "condition": ...}`, or the bare operations array the JS SDK sends.</summary>
    public static JsonObject PatchObject(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, NodeOptions, DocumentOptions) switch
            {
                JsonObject obj => obj,
                JsonArray operations => new JsonObject { ["operations"] = operations },
                _ => throw Fail.InvalidPayload(),
            };
        }
        catch (JsonException)
        {
            throw Fail.InvalidPayload();
        }
    }

    /// <summary>The `id` property: required, a string, and a legal Cosmos DB name.</summary>
    public static string Id(JsonObject body)
    {
        if (!body.TryGetPropertyValue("id", out var node) || node is null)
        {
            throw Fail.MissingId();
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw Fail.BadRequest("The input content is invalid because the property 'id' must be a string.");
        }

        var id = node.GetValue<string>();
        Storage.ResourceNames.Validate(id);
        return id;
    }

    /// <summary>The `id` property of an item body read as a <see cref="JsonDocument"/>, with the same rules as <see cref="Id(JsonObject)"/>.</summary>
    public static string Id(JsonElement body)
    {
        if (!body.TryGetProperty("id"u8, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            throw Fail.MissingId();
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw Fail.BadRequest("The input content is invalid because the property 'id' must be a string.");
        }

        var id = element.GetString()!;
        Storage.ResourceNames.Validate(id);
        return id;
    }
}
