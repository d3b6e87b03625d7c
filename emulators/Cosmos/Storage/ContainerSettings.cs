using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>What the item store honours from a container's properties: partition key, TTL, unique keys and indexing.</summary>
internal sealed class ContainerSettings
{
    private ContainerSettings(PartitionKeyDefinition partitionKey, int? defaultTtl, string[][][] uniqueKeys, bool indexingEnabled, string[] excludedPaths)
    {
        PartitionKey = partitionKey;
        DefaultTtl = defaultTtl;
        UniqueKeyPaths = uniqueKeys;
        IndexingEnabled = indexingEnabled;
        ExcludedPaths = excludedPaths;
    }

    public PartitionKeyDefinition PartitionKey { get; }

    /// <summary>Null: TTL off; -1: on without a default; n: items expire n seconds after their last write.</summary>
    public int? DefaultTtl { get; }

    /// <summary>Per unique key policy, the property paths (split into names) whose combined values must be unique.</summary>
    public string[][][] UniqueKeyPaths { get; }

    public bool IndexingEnabled { get; }

    public string[] ExcludedPaths { get; }

    public static ContainerSettings From(JsonObject properties)
    {
        var partitionKey = PartitionKeyDefinition.From(properties);
        int? ttl = null;
        if (properties["defaultTtl"] is JsonValue ttlValue && ttlValue.GetValueKind() == JsonValueKind.Number)
        {
            ttl = ttlValue.GetValue<int>();
            if (ttl == 0 || ttl < -1)
            {
                throw Fail.BadRequest("The defaultTtl of a container must be -1 or a positive number of seconds.");
            }
        }

        var unique = new List<string[][]>();
        if (properties["uniqueKeyPolicy"]?["uniqueKeys"] is JsonArray keys)
        {
            foreach (var key in keys)
            {
                if (key?["paths"] is not JsonArray paths || paths.Count == 0)
                {
                    throw Fail.BadRequest("Each unique key must name at least one path.");
                }

                unique.Add([.. paths.Select(p => (p?.GetValue<string>() ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries))]);
            }
        }

        var indexing = properties["indexingPolicy"] as JsonObject;
        var mode = indexing?["indexingMode"]?.GetValue<string>();
        var enabled = !string.Equals(mode, "none", StringComparison.OrdinalIgnoreCase);
        var excluded = (indexing?["excludedPaths"] as JsonArray)?
            .Select(p => p?["path"]?.GetValue<string>() ?? string.Empty)
            .Where(p => p.Length > 0 && p != "/\"_etag\"/?")
            .ToArray() ?? [];
        return new ContainerSettings(partitionKey, ttl, [.. unique], enabled, excluded);
    }

    /// <summary>When an item written at <paramref name="timestamp"/> expires, from its own `ttl` and the container default.</summary>
    public long? ExpiryOf(JsonElement item, long timestamp)
    {
        if (DefaultTtl is null)
        {
            return null;
        }

        var ttl = DefaultTtl.Value;
        if (item.TryGetProperty("ttl", out var own) && own.ValueKind == JsonValueKind.Number && own.TryGetInt32(out var seconds))
        {
            ttl = seconds;
        }

        return ttl > 0 ? timestamp + ttl : null;
    }

    public string[] UniqueKeysOf(JsonElement item)
    {
        if (UniqueKeyPaths.Length == 0)
        {
            return [];
        }

        var result = new string[UniqueKeyPaths.Length];
        for (var k = 0; k < UniqueKeyPaths.Length; k++)
        {
            var values = new List<string>();
            foreach (var path in UniqueKeyPaths[k])
            {
                var node = item;
                var found = true;
                foreach (var name in path)
                {
                    if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var child))
                    {
                        node = child;
                    }
                    else
                    {
                        found = false;
                        break;
                    }
                }

                values.Add(found ? node.GetRawText() : "undefined");
            }

            result[k] = string.Join('\u001f', values);
        }

        return result;
    }
}
