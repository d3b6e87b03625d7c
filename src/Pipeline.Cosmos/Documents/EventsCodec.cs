using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// Writes and reads the events of a tip or batch: a plain JSON array <c>e</c>, or the same array Brotli-compressed and
/// base64-encoded in <c>z</c> (the original bytes of every event survive either way; <c>z</c> makes writes far cheaper).
/// </summary>
internal static class EventsCodec
{
    public const string PlainField = "e";
    public const string CompressedField = "z";
    // Quality 2 costs about 40 % of the CPU of quality 5 on a tip's buffer of ~50 one-kilobyte events and compresses
    // within 1 % as well, and every append recompresses the whole buffer (see docs/event-store.md); the buffer's JSON is
    // kept beside its events (EventRun), so only the compression is repeated, never the encoding.
    private const int BrotliQuality = 2;
    private const int BrotliWindow = 22;

    public static void Write(Utf8JsonWriter writer, EventRun events, bool compress)
    {
        if (!compress)
        {
            writer.WritePropertyName(PlainField);
            writer.WriteRawValue(events.Json.Span, skipInputValidation: true);
            return;
        }

        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(events.Json.Length));
        try
        {
            if (!BrotliEncoder.TryCompress(events.Json.Span, compressed, out var written, BrotliQuality, BrotliWindow))
            {
                throw new InvalidOperationException("Brotli could not compress into a buffer of its own maximum compressed length.");
            }

            writer.WriteBase64String(CompressedField, compressed.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>The most bytes <see cref="Write"/> can add to a document for <paramref name="events"/>.</summary>
    public static int MaxWrittenBytes(EventRun events, bool compress) =>
        compress ? ((BrotliEncoder.GetMaxCompressedLength(events.Json.Length) + 2) / 3 * 4) + 8 : events.Json.Length + 8;

    public static EventRun Read(JsonElement document, string documentDescription)
    {
        if (document.TryGetProperty(CompressedField, out var compressed))
        {
            using var decompressed = new MemoryStream();
            using (var brotli = new BrotliStream(new MemoryStream(compressed.GetBytesFromBase64()), CompressionMode.Decompress))
            {
                brotli.CopyTo(decompressed);
            }

            return EventRun.Parse(decompressed.GetBuffer().AsMemory(0, (int)decompressed.Length), documentDescription);
        }

        return document.TryGetProperty(PlainField, out var plain)
            ? EventRun.Parse(JsonMarshal.GetRawUtf8Value(plain).ToArray(), documentDescription)
            : EventRun.Empty;
    }
}
