namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>One item as stored: its serialized body (system properties included) and what indexes need from it.</summary>
internal sealed class StoredItem
{
    public required string Id { get; init; }

    public required string PartitionKey { get; init; }

    /// <summary>UTF-8 JSON of the item including `_rid`, `_self`, `_etag`, `_attachments`, `_ts` and `_lsn`.</summary>
    public required byte[] Body { get; init; }

    /// <summary>Quoted, as in the `etag` header and the `_etag` property.</summary>
    public required string ETag { get; init; }

    public required long Lsn { get; init; }

    public required long Timestamp { get; init; }

    public required ulong RidNumber { get; init; }

    /// <summary>Unix seconds after which the item is gone, or null when it never expires.</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>One entry per unique key policy: the item's values for that key, canonicalised.</summary>
    public string[] UniqueKeys { get; set; } = [];

    public bool IsExpired(long now) => ExpiresAt is { } at && at <= now;
}
