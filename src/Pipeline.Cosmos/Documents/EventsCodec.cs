using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

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
    // within 1 % as well, and every append recompresses the whole buffer (see docs/event-store.md).
    private const int BrotliQuality = 2;
    private const int BrotliWindow = 22;

    public static void Write(Utf8JsonWriter writer, IReadOnlyList<StoredEvent> events, bool compress)
    {
        if (!compress)
        {
            writer.WritePropertyName(PlainField);
            WriteArray(writer, events);
            return;
        }

        var json = new ArrayBufferWriter<byte>(events.Sum(e => e.Utf8.Length + 64) + 16);
        using (var arrayWriter = new Utf8JsonWriter(json, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteArray(arrayWriter, events);
        }

        var compressed = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(json.WrittenCount));
        try
        {
            if (!BrotliEncoder.TryCompress(json.WrittenSpan, compressed, out var written, BrotliQuality, BrotliWindow))
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

    public static List<StoredEvent> Read(JsonElement document, string documentDescription)
    {
        if (document.TryGetProperty(CompressedField, out var compressed))
        {
            using var decompressed = new MemoryStream();
            using (var brotli = new BrotliStream(new MemoryStream(compressed.GetBytesFromBase64()), CompressionMode.Decompress))
            {
                brotli.CopyTo(decompressed);
            }

            using var array = JsonDocument.Parse(decompressed.GetBuffer().AsMemory(0, (int)decompressed.Length));
            return ReadArray(array.RootElement, documentDescription);
        }

        return document.TryGetProperty(PlainField, out var plain) ? ReadArray(plain, documentDescription) : [];
    }

    private static void WriteArray(Utf8JsonWriter writer, IReadOnlyList<StoredEvent> events)
    {
        writer.WriteStartArray();
        foreach (var stored in events)
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", stored.Version);
            writer.WriteString("id", stored.EventId);
            if (stored.Position is { } position)
            {
                writer.WriteString("p", position.PartitionId);
                writer.WriteNumber("s", position.SequenceNumber);
            }

            writer.WritePropertyName("d");
            writer.WriteRawValue(stored.Utf8.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static List<StoredEvent> ReadArray(JsonElement array, string documentDescription)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new EventStoreException($"{documentDescription} holds events that are not a JSON array.");
        }

        var events = new List<StoredEvent>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            EventHubsPosition? position = item.TryGetProperty("p", out var partition) && item.TryGetProperty("s", out var sequence)
                ? new EventHubsPosition(partition.GetString()!, sequence.GetInt64())
                : null;
            var data = item.GetProperty("d");
            events.Add(new StoredEvent(item.GetProperty("v").GetInt64(), item.GetProperty("id").GetString()!, position, JsonMarshal.GetRawUtf8Value(data).ToArray()));
        }

        return events;
    }
}
