using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

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
