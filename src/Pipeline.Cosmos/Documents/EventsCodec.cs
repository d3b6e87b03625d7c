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
    // Every append recompresses the tip's whole buffer (see docs/event-store.md), so speed matters more than the last
    // few percent of size. Measured on ~50 one-kilobyte events: quality 1 takes about half the CPU of quality 2 and its
    // output is 0–12 % larger; quality 2 took about 40 % of quality 5's CPU. The buffer's JSON is kept beside its events
    // (EventRun), so only the compression is repeated, never the encoding. Readers do not depend on the quality.
    private const int BrotliQuality = 1;
    private const int BrotliWindow = 22;

    /// <summary>Prepares a run for writing: compresses it now, so the document around it can be sized exactly.</summary>
    public static EncodedEvents Encode(EventRun events, bool compress)
    {
        if (!compress)
        {
            return new EncodedEvents(events.Json, null, 0);
        }

        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(events.Json.Length));
        if (!BrotliEncoder.TryCompress(events.Json.Span, compressed, out var written, BrotliQuality, BrotliWindow))
        {
            ArrayPool<byte>.Shared.Return(compressed);
            throw new InvalidOperationException("Brotli could not compress into a buffer of its own maximum compressed length.");
        }

        return new EncodedEvents(default, compressed, written);
    }

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

/// <summary>A run's events as a document will hold them: the plain JSON array, or its Brotli bytes in a pooled buffer (returned on dispose).</summary>
internal readonly struct EncodedEvents(ReadOnlyMemory<byte> plain, byte[]? compressed, int compressedLength) : IDisposable
{
    /// <summary>The most bytes <see cref="WriteTo"/> adds to a document (the field name and, compressed, the base64 text).</summary>
    public int MaxWrittenBytes => compressed is null ? plain.Length + 8 : ((compressedLength + 2) / 3 * 4) + 8;

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (compressed is null)
        {
            writer.WritePropertyName(EventsCodec.PlainField);
            writer.WriteRawValue(plain.Span, skipInputValidation: true);
        }
        else
        {
            writer.WriteBase64String(EventsCodec.CompressedField, compressed.AsSpan(0, compressedLength));
        }
    }

    public void Dispose()
    {
        if (compressed is not null)
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }
}
