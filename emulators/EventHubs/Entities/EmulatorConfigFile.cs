using System.Globalization;
using System.Text.Json;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>
/// Reads a Config.json in the shape of Microsoft's Event Hubs emulator
/// (<c>UserConfig.NamespaceConfig[].Entities[]</c> with <c>PartitionCount</c> and <c>ConsumerGroups</c>),
/// so an existing configuration works unchanged.
/// </summary>
public static class EmulatorConfigFile
{
    /// <summary>The namespace name and hubs declared in the file at <paramref name="path"/>.</summary>
    public static (string? NamespaceName, IReadOnlyList<EventHubDefinition> EventHubs) Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new EmulatorConfigurationException($"Cannot read the configuration file '{path}': {e.Message}", e);
        }

        try
        {
            return Parse(text);
        }
        catch (JsonException e)
        {
            throw new EmulatorConfigurationException($"'{path}' is not valid JSON: {e.Message}", e);
        }
        catch (EmulatorConfigurationException e)
        {
            throw new EmulatorConfigurationException($"{path}: {e.Message}", e);
        }
    }

    public static (string? NamespaceName, IReadOnlyList<EventHubDefinition> EventHubs) Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("UserConfig", out var userConfig)
            || !userConfig.TryGetProperty("NamespaceConfig", out var namespaces)
            || namespaces.ValueKind != JsonValueKind.Array)
        {
            throw new EmulatorConfigurationException("expected { \"UserConfig\": { \"NamespaceConfig\": [ ... ] } }.");
        }

        string? namespaceName = null;
        var hubs = new List<EventHubDefinition>();
        foreach (var ns in namespaces.EnumerateArray())
        {
            if (ns.TryGetProperty("Type", out var type) && !string.Equals(type.GetString(), "EventHub", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            namespaceName ??= ns.TryGetProperty("Name", out var name) ? name.GetString() : null;
            if (!ns.TryGetProperty("Entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var entity in entities.EnumerateArray())
            {
                var hubName = entity.TryGetProperty("Name", out var n) ? n.GetString() : null;
                var partitionCount = ReadPartitionCount(entity, hubName);
                var groups = new List<string>();
                if (entity.TryGetProperty("ConsumerGroups", out var consumerGroups) && consumerGroups.ValueKind == JsonValueKind.Array)
                {
                    foreach (var group in consumerGroups.EnumerateArray())
                    {
                        if (group.TryGetProperty("Name", out var groupName) && groupName.GetString() is { } g)
                        {
                            groups.Add(g);
                        }
                    }
                }

                var definition = new EventHubDefinition(hubName ?? "", partitionCount, groups);
                if (EntityNames.Validate(definition) is { } problem)
                {
                    throw new EmulatorConfigurationException(problem);
                }

                hubs.Add(definition);
            }
        }

        return (namespaceName, hubs);
    }

    private static int ReadPartitionCount(JsonElement entity, string? hubName)
    {
        if (!entity.TryGetProperty("PartitionCount", out var value))
        {
            return 1;
        }

        // Microsoft's sample writes the count as a string ("2"); accept both.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new EmulatorConfigurationException($"PartitionCount of '{hubName}' must be a whole number.");
    }
}
