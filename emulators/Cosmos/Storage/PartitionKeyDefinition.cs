using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>A container's partition key paths (one for Hash, several for hierarchical MultiHash keys).</summary>
internal sealed class PartitionKeyDefinition
{
    private readonly string[][] segments;

    private PartitionKeyDefinition(string[] paths)
    {
        Paths = paths;
        segments = [.. paths.Select(p => p.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim('"')).ToArray())];
    }

    public IReadOnlyList<string> Paths { get; }

    public static PartitionKeyDefinition From(JsonObject containerProperties)
    {
        if (containerProperties["partitionKey"] is not JsonObject definition)
        {
            return new PartitionKeyDefinition([]);
        }

        if (definition["paths"] is not JsonArray paths || paths.Count == 0)
        {
            throw Fail.BadRequest("The partition key definition must name at least one path.");
        }

        var list = new List<string>();
        foreach (var path in paths)
        {
            var text = path?.GetValue<string>();
            if (string.IsNullOrEmpty(text) || text[0] != '/')
            {
                throw Fail.BadRequest($"The partition key path '{text}' is invalid: it must start with '/'.");
            }

            list.Add(text);
        }

        var kind = definition["kind"]?.GetValue<string>() ?? "Hash";
        if (list.Count > 1 && kind != "MultiHash")
        {
            throw Fail.BadRequest("A partition key with more than one path must use kind 'MultiHash'.");
        }

        if (list.Count > 3)
        {
            throw Fail.BadRequest("A hierarchical partition key can have at most 3 paths.");
        }

        return new PartitionKeyDefinition([.. list]);
    }

    /// <summary>The canonical key of the logical partition a document belongs to.</summary>
    public string KeyOf(JsonObject document)
    {
        if (segments.Length == 0)
        {
            return PartitionKeyValue.None;
        }

        var parts = new JsonNode?[segments.Length];
        var defined = new bool[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            JsonNode? node = document;
            var found = true;
            foreach (var name in segments[i])
            {
                if (node is JsonObject obj && obj.TryGetPropertyValue(name, out var child))
                {
                    node = child;
                }
                else
                {
                    found = false;
                    break;
                }
            }

            parts[i] = found ? node : null;
            defined[i] = found;
        }

        return PartitionKeyValue.Canonical(parts, defined);
    }

    /// <summary>The canonical key of a document read as a <see cref="JsonDocument"/>, as <see cref="KeyOf(JsonObject)"/> computes it.</summary>
    public string KeyOf(JsonElement document)
    {
        if (segments.Length == 0)
        {
            return PartitionKeyValue.None;
        }

        var parts = new JsonNode?[segments.Length];
        var defined = new bool[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            var element = document;
            var found = true;
            foreach (var name in segments[i])
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child))
                {
                    element = child;
                }
                else
                {
                    found = false;
                    break;
                }
            }

            defined[i] = found;
            // Objects and arrays are not key values; any container node makes Canonical reject them as it does for trees.
            parts[i] = !found ? null : element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? new JsonArray() : JsonValue.Create(element);
        }

        return PartitionKeyValue.Canonical(parts, defined);
    }
}
