using System.Runtime.InteropServices;

namespace Pipeline.Cosmos.Documents;

/// <summary>Hands a serialised document to the SDK's stream API without copying it into an array of its own.</summary>
internal static class DocumentContent
{
    public static MemoryStream Open(ReadOnlyMemory<byte> json) =>
        MemoryMarshal.TryGetArray(json, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(json.ToArray(), writable: false);
}
