using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Documents;

/// <summary>The tip document's JSON: <c>id</c>, <c>streamId</c>, <c>i</c>, <c>n</c>, <c>created</c>, <c>updated</c>, <c>hwm</c>, <c>ids</c>, <c>states</c> and the buffer.</summary>
internal static class TipJson
{
    public static ReadOnlyMemory<byte> Write(Tip tip, bool compress)
    {
        // Sized up front so the writer never grows (and copies) a buffer of many kilobytes.
        using var events = EventsCodec.Encode(tip.Buffer, compress);
        var size = events.MaxWrittenBytes + 512 + (2 * tip.StreamId.Length)
            + tip.HighWaterMarks.Sum(m => (2 * m.Key.Length) + 32) + tip.OlderIds.Sum(id => (2 * id.Length) + 4) + tip.States.Sum(s => (2 * s.Key.Length) + s.Value.Json.Length + 32);
        var buffer = new ArrayBufferWriter<byte>(size);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Tip.DocumentId);
            writer.WriteString("streamId", tip.StreamId);
            writer.WriteNumber("i", tip.First);
            writer.WriteNumber("n", tip.Next);
            writer.WriteString("created", tip.Created);
            writer.WriteString("updated", tip.Updated);
            writer.WriteStartObject("hwm");
            foreach (var (partition, sequence) in tip.HighWaterMarks)
            {
                writer.WriteNumber(partition, sequence);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("ids");
            foreach (var id in tip.OlderIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteStartObject("states");
            foreach (var (name, state) in tip.States)
            {
                writer.WriteStartObject(name);
                writer.WriteNumber("v", state.Version);
                writer.WritePropertyName("d");
                writer.WriteRawValue(state.Json.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            events.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    public static Tip Read(Stream content, string? etag)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        var streamId = root.TryGetProperty("streamId", out var stream) ? stream.GetString() : null;
        try
        {
            var marks = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var mark in root.GetProperty("hwm").EnumerateObject())
            {
                marks[mark.Name] = mark.Value.GetInt64();
            }

            var states = new Dictionary<string, ProjectionState>(StringComparer.Ordinal);
            foreach (var state in root.GetProperty("states").EnumerateObject())
            {
                var json = JsonMarshal.GetRawUtf8Value(state.Value.GetProperty("d")).ToArray();
                states[state.Name] = new ProjectionState(state.Name, state.Value.GetProperty("v").GetInt32(), json);
            }

            return new Tip
            {
                StreamId = streamId ?? throw new KeyNotFoundException("'streamId' is missing."),
                First = root.GetProperty("i").GetInt64(),
                Next = root.GetProperty("n").GetInt64(),
                Created = root.GetProperty("created").GetDateTimeOffset(),
                Updated = root.GetProperty("updated").GetDateTimeOffset(),
                HighWaterMarks = marks,
                OlderIds = root.GetProperty("ids").EnumerateArray().Select(id => id.GetString()!).ToList(),
                States = states,
                Buffer = EventsCodec.Read(root, $"The tip of stream '{streamId}'"),
                ETag = etag ?? (root.TryGetProperty("_etag", out var stored) ? stored.GetString() : null),
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EventStoreException($"The tip of stream '{streamId}' is not a tip document this store can read: {ex.Message}", ex);
        }
    }
}
