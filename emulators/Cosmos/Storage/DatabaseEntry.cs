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
