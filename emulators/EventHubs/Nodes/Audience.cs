namespace Pipeline.Emulators.EventHubs.Nodes;

/// <summary>
/// Token audiences reduced to entity paths (<c>sb://host/hub/Partitions/0</c> → <c>hub/partitions/0</c>), so that
/// a token for a hub covers its partitions and consumer groups, and a namespace token covers everything.
/// </summary>
internal static class Audience
{
    public static string Normalize(string audienceOrPath)
    {
        var path = audienceOrPath.Trim();
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "" : path[(slash + 1)..];
        }

        return path.Trim('/').ToLowerInvariant();
    }

    public static bool Covers(string grantedPath, string requestedPath) =>
        grantedPath.Length == 0
        || requestedPath == grantedPath
        || requestedPath.StartsWith(grantedPath + "/", StringComparison.Ordinal);
}
