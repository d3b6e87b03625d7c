namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>A link address taken apart: <c>hub</c>, <c>hub/Partitions/id</c> or <c>hub/ConsumerGroups/cg/Partitions/id</c>.</summary>
internal sealed record EntityAddress(string Hub, string? ConsumerGroup, string? PartitionId)
{
    /// <summary>Parses an address, with or without a leading <c>amqp://host/</c>; null when it has none of the three shapes.</summary>
    public static EntityAddress? Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var path = address;
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "" : path[(slash + 1)..];
        }

        var parts = path.Trim('/').Split('/');
        if (parts.Any(string.IsNullOrEmpty))
        {
            return null;
        }

        return parts switch
        {
            [var hub] => new EntityAddress(hub, null, null),
            [var hub, var p, var id] when Is(p, "Partitions") => new EntityAddress(hub, null, id),
            [var hub, var c, var group, var p, var id] when Is(c, "ConsumerGroups") && Is(p, "Partitions") => new EntityAddress(hub, group, id),
            _ => null,
        };
    }

    /// <summary>The path a CBS token must cover to use this address.</summary>
    public string AuthorizationPath => ConsumerGroup is not null
        ? $"{Hub}/ConsumerGroups/{ConsumerGroup}/Partitions/{PartitionId}"
        : PartitionId is not null ? $"{Hub}/Partitions/{PartitionId}" : Hub;

    private static bool Is(string segment, string expected) => string.Equals(segment, expected, StringComparison.OrdinalIgnoreCase);
}
