using System.Runtime.InteropServices;

namespace Pipeline.Cosmos.Documents;

/// <summary>Hands a serialised document to the SDK's stream API without copying it into an array of its own.</summary>
internal static class DocumentContent
{
    /// <summary>
    /// A read-only stream over the document. Its buffer is visible so the SDK keeps it as its retry-safe copy of the body
    /// (<c>TryGetBuffer</c>) instead of copying the stream into a growing MemoryStream on every request; the SDK clones
    /// such a buffer from offset 0, so a slice that starts elsewhere is copied first.
    /// </summary>
    public static MemoryStream Open(ReadOnlyMemory<byte> json) =>
        MemoryMarshal.TryGetArray(json, out var segment) && segment.Offset == 0
            ? new MemoryStream(segment.Array!, 0, segment.Count, writable: false, publiclyVisible: true)
            : new MemoryStream(json.ToArray(), 0, json.Length, writable: false, publiclyVisible: true);
}
