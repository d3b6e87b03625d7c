using System.Text;
using Pipeline.Core.Partitioning;
using Pipeline.Testing;

namespace Pipeline.Core.Tests.Partitioning;

public sealed class PartitionKeyMapperTests
{
    private static readonly Lazy<PartitionKeyVectors> Vectors = new(() =>
        PartitionKeyVectors.Load(Path.Combine(AppContext.BaseDirectory, "vectors", PartitionKeyVectors.FileName)));

    [Fact]
    public void The_vector_file_covers_the_required_keys_and_partition_counts()
    {
        var vectors = Vectors.Value;

        Assert.True(vectors.Vectors.Length >= 1000, $"only {vectors.Vectors.Length} vectors");
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 32, 100, 1024 }, vectors.PartitionCounts);
        Assert.Contains(vectors.Vectors, v => v.Key.Length == 0);
        Assert.Contains(vectors.Vectors, v => v.Key.Any(c => c > 127));
        Assert.Contains(vectors.Vectors, v => v.Key.Length >= 1000);
    }

    [Fact]
    public void Every_key_hashes_to_the_same_value_as_the_official_sdk()
    {
        var mismatches = Vectors.Value.Vectors
            .Where(v => PartitionKeyMapper.ComputeHash(v.Key) != v.Hash)
            .Select(v => $"'{v.Key}': expected {v.Hash}, got {PartitionKeyMapper.ComputeHash(v.Key)}")
            .ToList();

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Every_key_maps_to_the_same_partition_as_the_official_sdk_for_every_partition_count()
    {
        var vectors = Vectors.Value;
        var mismatches = new List<string>();
        foreach (var vector in vectors.Vectors)
        {
            for (var i = 0; i < vectors.PartitionCounts.Length; i++)
            {
                var count = vectors.PartitionCounts[i];
                var fromString = PartitionKeyMapper.GetPartitionIndex(vector.Key, count);
                var fromBytes = PartitionKeyMapper.GetPartitionIndex(Encoding.UTF8.GetBytes(vector.Key), count);
                if (fromString != vector.Partitions[i] || fromBytes != vector.Partitions[i])
                {
                    mismatches.Add($"'{vector.Key}' over {count}: expected {vector.Partitions[i]}, got {fromString}/{fromBytes}");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void A_lone_surrogate_hashes_like_the_replacement_character_as_utf8_encoding_does()
    {
        Assert.Equal(PartitionKeyMapper.ComputeHash("a\uFFFDb"), PartitionKeyMapper.ComputeHash("a\uD800b"));
    }

    [Fact]
    public void A_key_longer_than_the_stack_buffer_hashes_like_its_utf8_bytes()
    {
        var key = string.Concat(Enumerable.Repeat("日本語-", 400));

        Assert.Equal(PartitionKeyMapper.ComputeHash(Encoding.UTF8.GetBytes(key)), PartitionKeyMapper.ComputeHash(key));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_partition_count_below_one_is_rejected(int partitionCount)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PartitionKeyMapper.GetPartitionIndex("key", partitionCount));
    }

    [Fact]
    public async Task The_committed_vectors_are_still_what_the_installed_sdk_produces()
    {
        var script = RepositoryRoot.Combine("tests", "Pipeline.Core.Tests", "vectors", "generate-partition-key-vectors.mjs");
        var committed = RepositoryRoot.Combine("tests", "Pipeline.Core.Tests", "vectors", PartitionKeyVectors.FileName);
        var fresh = Path.Combine(Path.GetTempPath(), $"partition-key-vectors-{Guid.NewGuid():N}.json");
        try
        {
            (await NodeScript.RunAsync(script, [fresh], timeout: TimeSpan.FromMinutes(1))).EnsureSuccess();

            Assert.True(
                File.ReadAllBytes(committed).AsSpan().SequenceEqual(File.ReadAllBytes(fresh)),
                $"{committed} is stale; regenerate it with: node {script}");
        }
        finally
        {
            File.Delete(fresh);
        }
    }
}
