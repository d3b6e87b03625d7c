namespace Pipeline.Emulators.Cosmos.Storage;

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
