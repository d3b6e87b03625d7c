using System.Globalization;
using Amqp.Types;

namespace Pipeline.EventHubs.Amqp;

/// <summary>The read operations of the <c>$management</c> node: Event Hub and partition properties.</summary>
internal static class AmqpManagement
{
    public static async Task<EventHubProperties> GetEventHubPropertiesAsync(AmqpConnectionScope scope, CancellationToken cancellationToken)
    {
        var body = await scope.ManagementRequestAsync(
            new Dictionary<string, object>
            {
                ["operation"] = "READ",
                ["name"] = scope.EventHubName,
                ["type"] = "com.microsoft:eventhub",
            },
            cancellationToken).ConfigureAwait(false);

        var partitionIds = body["partition_ids"] switch
        {
            string[] ids => ids,
            System.Collections.IEnumerable items => items.Cast<object>().Select(item => Convert.ToString(item, CultureInfo.InvariantCulture) ?? string.Empty).ToArray(),
            _ => [],
        };
        return new EventHubProperties(
            body["name"] as string ?? scope.EventHubName,
            ReadTime(body["created_at"]),
            partitionIds);
    }

    public static async Task<PartitionProperties> GetPartitionPropertiesAsync(AmqpConnectionScope scope, string partitionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partitionId);
        var body = await scope.ManagementRequestAsync(
            new Dictionary<string, object>
            {
                ["operation"] = "READ",
                ["name"] = scope.EventHubName,
                ["type"] = "com.microsoft:partition",
                ["partition"] = partitionId,
            },
            cancellationToken).ConfigureAwait(false);

        return new PartitionProperties(
            body["name"] as string ?? scope.EventHubName,
            Convert.ToString(body["partition"], CultureInfo.InvariantCulture) ?? partitionId,
            body["is_partition_empty"] is true,
            ReadLong(body["begin_sequence_number"], 0),
            ReadLong(body["last_enqueued_sequence_number"], -1),
            Convert.ToString(body["last_enqueued_offset"], CultureInfo.InvariantCulture) ?? "-1",
            ReadTime(body["last_enqueued_time_utc"]));
    }

    private static long ReadLong(object? value, long fallback) =>
        value is null ? fallback : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(object? value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        long milliseconds => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
        _ => default,
    };
}
