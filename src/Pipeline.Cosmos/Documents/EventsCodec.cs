using System.Buffers;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Cosmos.Errors;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// Writes and reads the events of a tip or batch: a plain JSON array <c>e</c>, or in <c>z</c> the same events as
/// Brotli-compressed, base64-encoded JSON arrays — one string, or an array of strings whose arrays follow each other
/// (a tip's blocks, see <see cref="EventBuffer"/>). The original bytes of every event survive either way; <c>z</c> makes
/// writes far cheaper. Documents written before blocks existed hold one string or plain <c>e</c>; both still read.
/// </summary>
internal static class EventsCodec
{
    public const string PlainField = "e";
    public const string CompressedField = "z";

    /// <summary>Prepares a buffer for writing, so the document around it can be sized exactly.</summary>
    public static EncodedEvents Encode(EventBuffer events, bool compress) =>
        compress ? new EncodedEvents(events.BlocksCoveringAll(), default, null) : EncodedEvents.Plain(events.Runs);

    public static EventBuffer Read(JsonElement document, string documentDescription)
    {
        var runs = new List<EventRun>();
        var blocks = new List<CompressedBlock>();
        if (document.TryGetProperty(CompressedField, out var compressed))
        {
            if (compressed.ValueKind == JsonValueKind.String)
            {
                ReadBlock(compressed, documentDescription, runs, blocks);
            }
            else if (compressed.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in compressed.EnumerateArray())
                {
                    ReadBlock(block, documentDescription, runs, blocks);
                }
            }
            else
            {
                throw new EventStoreException($"{documentDescription} holds '{CompressedField}' that is neither a string nor an array of strings.");
            }

            return EventBuffer.FromStored(runs, blocks);
        }

        if (document.TryGetProperty(PlainField, out var plain))
        {
            var run = EventRun.Parse(JsonMarshal.GetRawUtf8Value(plain).ToArray(), documentDescription);
            if (run.Count > 0)
            {
                runs.Add(run);
            }
        }

        return EventBuffer.FromStored(runs, blocks);
    }

    private static void ReadBlock(JsonElement block, string documentDescription, List<EventRun> runs, List<CompressedBlock> blocks)
    {
        var bytes = block.GetBytesFromBase64();
        using var decompressed = new MemoryStream(bytes.Length * 8);
        using (var brotli = new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress))
        {
            brotli.CopyTo(decompressed);
        }

        var run = EventRun.Parse(decompressed.GetBuffer().AsMemory(0, (int)decompressed.Length), documentDescription);
        if (run.Count > 0)
        {
            runs.Add(run);
            blocks.Add(CompressedBlock.FromStored(JsonMarshal.GetRawUtf8Value(block), bytes, run.Count));
        }
    }
}

/// <summary>A buffer's events as a document will hold them: its compressed blocks, or its plain JSON array (pooled when joined from several runs; returned on dispose).</summary>
internal readonly struct EncodedEvents(IReadOnlyList<CompressedBlock>? blocks, ReadOnlyMemory<byte> plain, byte[]? pooled) : IDisposable
{
    /// <summary>The most bytes <see cref="WriteTo"/> adds to a document (the field name, brackets and separators included).</summary>
    public int MaxWrittenBytes
    {
        get
        {
            if (blocks is null)
            {
                return plain.Length + 8;
            }

            var bytes = 8;
            foreach (var block in blocks)
            {
                bytes += block.Token.Length + 1;
            }

            return bytes;
        }
    }

    /// <summary>The runs joined into one plain array (without copying when there is only one).</summary>
    public static EncodedEvents Plain(ReadOnlySpan<EventRun> runs)
    {
        if (runs.Length == 0)
        {
            return new EncodedEvents(null, EventRun.Empty.Json, null);
        }

        if (runs.Length == 1)
        {
            return new EncodedEvents(null, runs[0].Json, null);
        }

        var joined = ArrayPool<byte>.Shared.Rent(EventRun.JoinedLength(runs));
        var written = EventRun.Join(runs, joined);
        return new EncodedEvents(null, joined.AsMemory(0, written), joined);
    }

    public void WriteTo(Utf8JsonWriter writer)
    {
        if (blocks is null)
        {
            writer.WritePropertyName(EventsCodec.PlainField);
            writer.WriteRawValue(plain.Span, skipInputValidation: true);
            return;
        }

        writer.WritePropertyName(EventsCodec.CompressedField);
        if (blocks.Count == 1)
        {
            // One block is written as one string: the format of documents from before blocks, which older readers read.
            writer.WriteRawValue(blocks[0].Token, skipInputValidation: true);
            return;
        }

        writer.WriteStartArray();
        foreach (var block in blocks)
        {
            writer.WriteRawValue(block.Token, skipInputValidation: true);
        }

        writer.WriteEndArray();
    }

    public void Dispose()
    {
        if (pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }
}
