using System.Globalization;
using System.Net;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// `GET .../docs` with `A-IM: Incremental feed`: the latest version of every changed item in `_lsn` order, for the
/// whole container (its one partition key range) or one logical partition. The continuation is the next LSN to
/// read, served as the `etag` and sent back in `If-None-Match`; `*` starts now and `If-Modified-Since` at a time.
/// </summary>
internal sealed class ChangeFeedHandler(TimeProvider time)
{
    public static bool IsChangeFeed(GatewayRequest request) => request.Header("a-im") is { Length: > 0 };

    public GatewayResponse Read(GatewayRequest request, ContainerEntry container)
    {
        var mode = request.Header("a-im")!;
        if (!mode.Equals("Incremental feed", StringComparison.OrdinalIgnoreCase))
        {
            throw Fail.BadRequest($"Change feed mode '{mode}' is not supported by this emulator; use the latest-version (incremental) change feed.");
        }

        var store = container.Items;
        var from = StartPosition(request, store);
        var page = store.ReadChanges(request.PartitionKey, from, request.MaxItemCount(100, 1000), time.GetUtcNow().ToUnixTimeSeconds());
        var continuation = "\"" + page.NextPosition.ToString(CultureInfo.InvariantCulture) + "\"";
        if (page.Items.Count == 0)
        {
            return new GatewayResponse(HttpStatusCode.NotModified, null, RequestCharges.NotModified) { Lsn = store.LastLsn }
                .With("etag", continuation)
                .With("x-ms-item-count", "0");
        }

        return new GatewayResponse(HttpStatusCode.OK, ResourceJson.Documents(container.Rid, page.Items), RequestCharges.Feed(page.Items)) { Lsn = store.LastLsn }
            .With("etag", continuation)
            .With("x-ms-item-count", page.Items.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static long StartPosition(GatewayRequest request, ContainerStore store)
    {
        if (request.Header("if-none-match") is { Length: > 0 } continuation)
        {
            if (continuation == "*")
            {
                return store.LastLsn + 1;
            }

            return long.TryParse(continuation.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var lsn)
                ? lsn
                : throw Fail.BadRequest($"The change feed continuation '{continuation}' is not one this emulator issued.");
        }

        if (request.Header("if-modified-since") is { Length: > 0 } since)
        {
            return DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? store.FirstLsnAtOrAfter(at.ToUnixTimeSeconds())
                : throw Fail.BadRequest($"The If-Modified-Since value '{since}' is not an HTTP date.");
        }

        return 1;
    }
}
