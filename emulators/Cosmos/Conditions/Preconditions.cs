using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Conditions;

/// <summary>`If-Match` / `If-None-Match` against an item's current etag, in one place.</summary>
internal readonly record struct Preconditions(string? IfMatch, string? IfNoneMatch)
{
    /// <summary>For writes: `If-Match` must name the current etag (or `*` with any current item).</summary>
    public void CheckWrite(StoredItem? current)
    {
        if (IfMatch is null)
        {
            return;
        }

        if (current is null || (IfMatch != "*" && !SameETag(IfMatch, current.ETag)))
        {
            throw Fail.PreconditionFailed();
        }
    }

    /// <summary>For reads: true when `If-None-Match` still matches, so the answer is 304 Not Modified.</summary>
    public bool IsNotModified(StoredItem current)
    {
        if (IfMatch is not null && IfMatch != "*" && !SameETag(IfMatch, current.ETag))
        {
            throw Fail.PreconditionFailed();
        }

        return IfNoneMatch is not null && (IfNoneMatch == "*" || SameETag(IfNoneMatch, current.ETag));
    }

    /// <summary>Clients send etags quoted as served, but some strip the quotes; both name the same version.</summary>
    public static bool SameETag(string given, string etag) =>
        given == etag || (given.Length + 2 == etag.Length && etag.AsSpan(1, etag.Length - 2).SequenceEqual(given));
}
