using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>A database and the containers in it.</summary>
internal sealed class DatabaseEntry
{
    public required string Id { get; init; }

    public required uint Number { get; init; }

    public string Rid => ResourceIds.Database(Number);

    public string Self => $"dbs/{Rid}/";

    public required long Timestamp { get; set; }

    public required string ETag { get; set; }

    public Dictionary<string, ContainerEntry> Containers { get; } = new(StringComparer.Ordinal);
}

/// <summary>A container: the properties clients set, and its items.</summary>
internal sealed class ContainerEntry
{
    public required string Id { get; init; }

    public required uint Number { get; init; }

    public required DatabaseEntry Database { get; init; }

    /// <summary>Properties as clients set them (system properties are added when serving).</summary>
    public required JsonObject Properties { get; set; }

    public required long Timestamp { get; set; }

    public required string ETag { get; set; }

    public required ContainerStore Items { get; init; }

    public string Rid => ResourceIds.Collection(Database.Number, Number);

    public string Self => $"dbs/{Database.Rid}/colls/{Rid}/";

    public string NameLink => $"dbs/{Database.Id}/colls/{Id}";
}

/// <summary>Provisioned throughput of a database or container (`/offers`).</summary>
internal sealed class OfferEntry
{
    public required uint Number { get; init; }

    public string Rid => ResourceIds.Offer(Number);

    /// <summary>`_rid` of the database or container the offer belongs to.</summary>
    public required string ResourceRid { get; init; }

    /// <summary>`_self` of the database or container the offer belongs to.</summary>
    public required string ResourceSelf { get; init; }

    public required int Throughput { get; set; }

    /// <summary>Autoscale maximum when the offer is autoscale; throughput then scales up to it.</summary>
    public int? AutoscaleMaxThroughput { get; set; }

    public required long Timestamp { get; set; }

    public required string ETag { get; set; }

    public int EffectiveThroughput => AutoscaleMaxThroughput ?? Throughput;
}
