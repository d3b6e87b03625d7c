using System.Text.Json;

namespace Pipeline.Core.Tests.Partitioning;

/// <summary>The vector file written by vectors/generate-partition-key-vectors.mjs from the official SDK's mapper.</summary>
internal sealed record PartitionKeyVectors(string Sdk, int[] PartitionCounts, PartitionKeyVector[] Vectors)
{
    public const string FileName = "partition-key-vectors.json";

    public static PartitionKeyVectors Load(string path) =>
        JsonSerializer.Deserialize<PartitionKeyVectors>(File.ReadAllBytes(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
        ?? throw new InvalidDataException($"{path} is empty.");
}

/// <summary>One key with the SDK's hash and the partition it picks for each partition count.</summary>
internal sealed record PartitionKeyVector(string Key, short Hash, int[] Partitions);
