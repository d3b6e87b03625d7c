using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Pipeline.Emulators.Cosmos.Conditions;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// One gateway request, parsed once: the resource path (`dbs/{db}/colls/{coll}/docs/{id}`), the resource type and
/// link the signature covers, and typed access to the Cosmos headers.
/// </summary>
internal sealed class GatewayRequest
{
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    private GatewayRequest(HttpContext context, string[] segments, string[] rawSegments)
    {
        Context = context;
        Segments = segments;
        RawSegments = rawSegments;
        if (segments.Length == 0)
        {
            ResourceType = string.Empty;
            ResourceLink = string.Empty;
            IsFeed = true;
        }
        else if (segments.Length % 2 == 1)
        {
            ResourceType = segments[^1];
            ResourceLink = string.Join('/', segments[..^1]);
            IsFeed = true;
        }
        else
        {
            ResourceType = segments[^2];
            ResourceLink = string.Join('/', segments);
            IsFeed = false;
        }

        ActivityId = Header("x-ms-activity-id") is { Length: > 0 } activity ? activity : Guid.NewGuid().ToString();
    }

    public HttpContext Context { get; }

    public string Method => Context.Request.Method;

    /// <summary>Path segments, percent-decoded once.</summary>
    public string[] Segments { get; }

    private string[] RawSegments { get; }

    /// <summary>`dbs`, `colls`, `docs`, `pkranges`, `offers` — or empty for the account.</summary>
    public string ResourceType { get; }

    /// <summary>The link the master-key signature covers: the resource itself, or the parent of a feed.</summary>
    public string ResourceLink { get; }

    /// <summary>True for a feed (`.../docs`), false for one resource (`.../docs/{id}`).</summary>
    public bool IsFeed { get; }

    public string ActivityId { get; }

    public Preconditions Preconditions => new(Header("if-match"), Header("if-none-match"));

    public static GatewayRequest From(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = target.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            target = target[..query];
        }

        var raw = target.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var decoded = raw.Select(Uri.UnescapeDataString).ToArray();
        return new GatewayRequest(context, decoded, raw);
    }

    public string? Header(string name)
    {
        var values = Context.Request.Headers[name];
        return values.Count == 0 ? null : values[0];
    }

    public bool Flag(string name) => string.Equals(Header(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Page size from `x-ms-max-item-count`; absent or -1 means the service default.</summary>
    public int MaxItemCount(int defaultCount, int limit)
    {
        if (int.TryParse(Header("x-ms-max-item-count"), out var count) && count > 0)
        {
            return Math.Min(count, limit);
        }

        return defaultCount;
    }

    /// <summary>The partition key header as a canonical value, or null when the request has none.</summary>
    public string? PartitionKey
    {
        get
        {
            var header = Header("x-ms-documentdb-partitionkey");
            return string.IsNullOrEmpty(header) ? null : PartitionKeyValue.FromHeader(header);
        }
    }

    /// <summary>
    /// The links a client may have signed: name-based links as given (decoded or still encoded), and for RID-based
    /// requests the lower-cased id of the addressed resource, which is how the SDKs sign those.
    /// </summary>
    public IEnumerable<string> SignedLinkCandidates()
    {
        yield return ResourceLink;
        var count = IsFeed ? RawSegments.Length - 1 : RawSegments.Length;
        if (count > 0)
        {
            var raw = string.Join('/', RawSegments[..count]);
            if (raw != ResourceLink)
            {
                yield return raw;
            }

            yield return Segments[count - 1].ToLowerInvariant();
        }
    }

    public async Task<byte[]> ReadBodyAsync(CancellationToken cancellationToken)
    {
        var request = Context.Request;
        if (request.ContentLength > MaxBodyBytes)
        {
            throw Fail.TooLarge();
        }

        if (request.ContentLength is { } length)
        {
            // The usual case: the length is declared, so read straight into an array of that size, left unzeroed
            // because the read fills all of it or fails.
            var exact = GC.AllocateUninitializedArray<byte>(checked((int)length));
            await request.Body.ReadExactlyAsync(exact, cancellationToken).ConfigureAwait(false);
            return exact;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw Fail.TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
