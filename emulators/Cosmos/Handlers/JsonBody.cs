using System.Text.Json;
using System.Text.Json.Nodes;
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
}
