namespace Pipeline.EventHubs;

/// <summary>What the service reports about an Event Hub: its name, creation time and partitions.</summary>
public sealed class EventHubProperties
{
    /// <summary>Creates the properties of an Event Hub.</summary>
    public EventHubProperties(string name, DateTimeOffset createdOn, IReadOnlyList<string> partitionIds)
    {
        Name = name;
        CreatedOn = createdOn;
        PartitionIds = partitionIds;
    }

    /// <summary>The Event Hub's name.</summary>
    public string Name { get; }

    /// <summary>When the Event Hub was created.</summary>
    public DateTimeOffset CreatedOn { get; }

    /// <summary>The identifiers of the Event Hub's partitions.</summary>
    public IReadOnlyList<string> PartitionIds { get; }
}
