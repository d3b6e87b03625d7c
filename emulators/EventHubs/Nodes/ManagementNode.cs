using Amqp;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Amqp;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Emulators.EventHubs.Nodes;

/// <summary>The <c>$management</c> node: READ of hub and partition properties, in the types the SDKs decode.</summary>
internal sealed class ManagementNode(EventHubsNamespace ns)
{
    private const string HubType = "com.microsoft:eventhub";
    private const string PartitionType = "com.microsoft:partition";

    public Message Handle(Message request, ConnectionContext connection)
    {
        var operation = NodeResponse.ApplicationProperty(request, "operation");
        if (!string.Equals(operation, "READ", StringComparison.Ordinal))
        {
            return NodeResponse.Create(400, $"The $management operation '{operation}' is not supported; use READ.", errorCondition: "com.microsoft:argument-error");
        }

        var name = NodeResponse.ApplicationProperty(request, "name");
        var type = NodeResponse.ApplicationProperty(request, "type");
        if (string.IsNullOrEmpty(name))
        {
            return NodeResponse.Create(400, "The READ request has no 'name' application property.", errorCondition: "com.microsoft:argument-error");
        }

        if (!connection.IsAuthorized(name) && !connection.IsAuthorized(name + "/$management"))
        {
            return NodeResponse.Create(401, $"Unauthorized access. 'Manage' or 'Listen' claim(s) are required to perform this operation. Resource: '{name}'.", errorCondition: "amqp:unauthorized-access");
        }

        var hub = ns.Find(name);
        if (hub is null)
        {
            return NodeResponse.Create(404, EventHubsErrors.EntityNotFoundText(name), errorCondition: "amqp:not-found");
        }

        switch (type)
        {
            case HubType:
                return NodeResponse.Create(200, "OK", new Map
                {
                    ["name"] = hub.Name,
                    ["type"] = HubType,
                    ["created_at"] = hub.CreatedAt.UtcDateTime,
                    ["partition_count"] = hub.Partitions.Count,
                    ["partition_ids"] = hub.PartitionIds,
                });

            case PartitionType:
                var partitionId = NodeResponse.ApplicationProperty(request, "partition");
                if (partitionId is null || !hub.TryGetPartition(partitionId, out var partition))
                {
                    var error = EventHubsErrors.InvalidPartition(partitionId ?? "", hub.Partitions.Count);
                    return NodeResponse.Create(400, error.Description, errorCondition: error.Condition.ToString());
                }

                var snapshot = hub.Partitions[partition].Snapshot();
                return NodeResponse.Create(200, "OK", new Map
                {
                    ["name"] = hub.Name,
                    ["type"] = PartitionType,
                    ["partition"] = partitionId,
                    ["begin_sequence_number"] = snapshot.BeginSequenceNumber,
                    ["last_enqueued_sequence_number"] = snapshot.LastEnqueuedSequenceNumber,
                    ["last_enqueued_offset"] = snapshot.LastEnqueuedOffset.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["last_enqueued_time_utc"] = snapshot.LastEnqueuedTime.UtcDateTime,
                    ["is_partition_empty"] = snapshot.IsEmpty,
                });

            default:
                return NodeResponse.Create(400, $"The READ type '{type}' is not supported; use {HubType} or {PartitionType}.", errorCondition: "com.microsoft:argument-error");
        }
    }
}
