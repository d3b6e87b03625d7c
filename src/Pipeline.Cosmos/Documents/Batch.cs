using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cosmos.Errors;

namespace Pipeline.Cosmos.Documents;

/// <summary>An immutable batch document: a contiguous run of committed events calved from a tip, with <c>id</c> = its first version.</summary>
internal sealed class Batch
{
    public required string StreamId { get; init; }

    /// <summary>First version held (<c>i</c>).</summary>
    public required long First { get; init; }

    /// <summary>One past the last version held (<c>n</c>).</summary>
    public required long Next { get; init; }

    public required EventBuffer Events { get; init; }

    public static string IdFor(long firstVersion) => firstVersion.ToString(CultureInfo.InvariantCulture);

    public ReadOnlyMemory<byte> ToJson(bool compress)
    {
        using var events = EventsCodec.Encode(Events, compress);
        var buffer = new ArrayBufferWriter<byte>(events.MaxWrittenBytes + 256 + (2 * StreamId.Length));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", IdFor(First));
            writer.WriteString("streamId", StreamId);
            writer.WriteNumber("i", First);
            writer.WriteNumber("n", Next);
            events.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    public static Batch Read(JsonElement root)
    {
        var streamId = root.TryGetProperty("streamId", out var stream) ? stream.GetString() : null;
        try
        {
            return new Batch
            {
                StreamId = streamId ?? throw new KeyNotFoundException("'streamId' is missing."),
                First = root.GetProperty("i").GetInt64(),
                Next = root.GetProperty("n").GetInt64(),
                Events = EventsCodec.Read(root, $"Batch {root.GetProperty("id").GetString()} of stream '{streamId}'"),
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new EventStoreException($"A batch of stream '{streamId}' is not a batch document this store can read: {ex.Message}", ex);
        }
    }
}
