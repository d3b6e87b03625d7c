using Amqp.Framing;
namespace Pipeline.Emulators.EventHubs.Entities;

/// <summary>A named view of a hub: its readers are counted and ordered by epoch per partition.</summary>
internal sealed class ConsumerGroup
{
    private readonly ReceiverRegistry[] partitions;

    public ConsumerGroup(string name, int partitionCount, DateTimeOffset createdAt)
    {
        Name = name;
        CreatedAt = createdAt;
        partitions = new ReceiverRegistry[partitionCount];
        for (var i = 0; i < partitionCount; i++)
        {
            partitions[i] = new ReceiverRegistry();
        }
    }

    public string Name { get; }

    public DateTimeOffset CreatedAt { get; }

    public ReceiverRegistry Receivers(int partition) => partitions[partition];

    public void DisconnectAll(Error error)
    {
        foreach (var registry in partitions)
        {
            registry.DisconnectAll(error);
        }
    }
}
