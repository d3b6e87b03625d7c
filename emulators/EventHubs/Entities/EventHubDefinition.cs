namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>The shape of one event hub, as configured in Config.json, through the admin API or in code.</summary>
public sealed record EventHubDefinition(string Name, int PartitionCount, IReadOnlyList<string> ConsumerGroups)
{
    public EventHubDefinition(string name, int partitionCount, params string[] consumerGroups)
        : this(name, partitionCount, (IReadOnlyList<string>)consumerGroups)
    {
    }
}
