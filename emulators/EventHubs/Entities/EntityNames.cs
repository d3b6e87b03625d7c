using System.Text.RegularExpressions;

namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>Event Hubs' naming rules for hubs and consumer groups, checked in one place.</summary>
internal static partial class EntityNames
{
    public const string DefaultConsumerGroup = "$Default";

    public const int MaxPartitions = 32;

    public static bool IsValidHubName(string? name) => name is not null && HubName().IsMatch(name);

    public static bool IsValidConsumerGroupName(string? name) =>
        name is not null && (string.Equals(name, DefaultConsumerGroup, StringComparison.OrdinalIgnoreCase) || HubName().IsMatch(name));

    public static string? Validate(EventHubDefinition definition)
    {
        if (!IsValidHubName(definition.Name))
        {
            return $"'{definition.Name}' is not a valid event hub name: use 1-256 letters, digits, '.', '-' or '_', starting and ending with a letter or digit.";
        }

        if (definition.PartitionCount is < 1 or > MaxPartitions)
        {
            return $"PartitionCount must be between 1 and {MaxPartitions}; it was {definition.PartitionCount}.";
        }

        foreach (var group in definition.ConsumerGroups)
        {
            if (!IsValidConsumerGroupName(group))
            {
                return $"'{group}' is not a valid consumer group name.";
            }
        }

        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,254}[A-Za-z0-9])?$")]
    private static partial Regex HubName();
}
