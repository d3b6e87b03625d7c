using Microsoft.Azure.Cosmos;
using Newtonsoft.Json;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>A seeded query-test document as LINQ sees it.</summary>
public sealed class QueryRow
{
    [JsonProperty("id")]
    public string Id { get; set; } = string.Empty;

    [JsonProperty("pk")]
    public string Pk { get; set; } = string.Empty;

    [JsonProperty("n")]
    public int N { get; set; }

    [JsonProperty("name")]
    public string Name { get; set; } = string.Empty;

    [JsonProperty("tags")]
    public IReadOnlyList<string> Tags { get; set; } = [];
}

/// <summary>Reads every page of a query, as a caller that wants the whole result does.</summary>
internal static class FeedIterators
{
    public static async Task<List<T>> ReadAllAsync<T>(FeedIterator<T> iterator)
    {
        var values = new List<T>();
        while (iterator.HasMoreResults)
        {
            values.AddRange(await iterator.ReadNextAsync());
        }

        return values;
    }
}
