using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Capacity;

/// <summary>
/// The request-unit model: documented figures of the real service, simplified into formulas.
/// A point read costs 1 RU per KB (at least 1); a write costs 5 RU per KB (at least 5) plus 0.1 RU per indexed
/// property value; a delete costs like writing the item it removes; a feed page costs 1 RU plus 0.5 RU per KB of
/// items returned (at least 0.5 per item); a query 2.5 RU plus 0.01 RU per item it examines plus its page; a 304 costs 1 RU; metadata reads 1 RU and metadata writes 5 RU.
/// </summary>
internal static class RequestCharges
{
    public const double NotModified = 1;
    public const double MetadataRead = 1;
    public const double MetadataWrite = 5;
    public const double QueryBase = 2.5;

    public static double PointRead(int bytes) => Round(Math.Max(1, bytes / 1024.0));

    public static double Write(int bytes, int indexedValues) => Round((5 * Math.Max(1, bytes / 1024.0)) + (0.1 * indexedValues));

    public static double Delete(int bytes) => Round(5 * Math.Max(1, bytes / 1024.0));

    public static double Feed(IEnumerable<StoredItem> items, double baseCharge = 1) =>
        Round(baseCharge + items.Sum(i => Math.Max(0.5, i.Body.Length / 2048.0)));

    /// <summary>A filtered scan: 2.5 RU, plus 0.01 RU per item examined, plus the feed charge of the items returned.</summary>
    public static double Query(int scanned, IEnumerable<StoredItem> results) =>
        Round(Feed(results, QueryBase) + (0.01 * scanned));

    /// <summary>A SQL query page: 2.5 RU, plus 0.01 RU per document examined, plus 0.5 RU per KB of results (at least 0.5 each).</summary>
    public static double QueryPage(int examined, IEnumerable<int> resultBytes) =>
        Round(QueryBase + (0.01 * examined) + resultBytes.Sum(b => Math.Max(0.5, b / 2048.0)));

    /// <summary>How many property values the container's indexing policy indexes in <paramref name="item"/>.</summary>
    public static int IndexedValues(JsonObject item, ContainerSettings settings)
    {
        if (!settings.IndexingEnabled)
        {
            return 0;
        }

        var count = 0;
        Count(item, "/", settings.ExcludedPaths, ref count);
        return count;
    }

    /// <summary>How many property values the container's indexing policy indexes in an item read as a <see cref="JsonDocument"/>.</summary>
    public static int IndexedValues(JsonElement item, ContainerSettings settings)
    {
        if (!settings.IndexingEnabled)
        {
            return 0;
        }

        var count = 0;
        Count(item, "/", settings.ExcludedPaths, ref count);
        return count;
    }

    private static bool Excluded(string path, string[] excluded)
    {
        foreach (var pattern in excluded)
        {
            var prefix = pattern.TrimEnd('*', '?');
            if (path.StartsWith(prefix, StringComparison.Ordinal) && (pattern.EndsWith('*') || path.TrimEnd('/') == prefix.TrimEnd('/')))
            {
                return true;
            }
        }

        return false;
    }

    private static void Count(JsonElement element, string path, string[] excluded, ref int count)
    {
        if (Excluded(path, excluded))
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name is ['_', ..])
                    {
                        continue;
                    }

                    Count(property.Value, path + property.Name + "/", excluded, ref count);
                }

                break;
            case JsonValueKind.Array:
                foreach (var child in element.EnumerateArray())
                {
                    Count(child, path + "[]/", excluded, ref count);
                }

                break;
            default:
                count++;
                break;
        }
    }

    private static void Count(JsonNode? node, string path, string[] excluded, ref int count)
    {
        if (Excluded(path, excluded))
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (name.Length > 0 && name[0] == '_')
                    {
                        continue;
                    }

                    Count(child, path + name + "/", excluded, ref count);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Count(child, path + "[]/", excluded, ref count);
                }

                break;
            default:
                if (node is null || node.GetValueKind() != JsonValueKind.Undefined)
                {
                    count++;
                }

                break;
        }
    }

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
