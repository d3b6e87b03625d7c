using System.Buffers;
using System.Text.Json;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// A contiguous run of stored events together with the JSON array they are stored as (<c>[{"v","id","p","s","d"}, …]</c>):
/// what one append added to a tip, or what one stored array held. Keeping the encoding beside the events lets an append
/// encode only its new events (see <see cref="EventBuffer"/>). Each event's <see cref="StoredEvent.Utf8"/> is a slice of
/// <see cref="Json"/>, so the run holds its events' bytes once.
/// </summary>
internal sealed class EventRun
{
    public static readonly EventRun Empty = new([], "[]"u8.ToArray(), 0);

    private EventRun(IReadOnlyList<StoredEvent> events, ReadOnlyMemory<byte> json, int eventBytes)
    {
        Events = events;
        Json = json;
        EventBytes = eventBytes;
    }

    public IReadOnlyList<StoredEvent> Events { get; }

    /// <summary>The run as a JSON array, exactly as a document stores it (before any compression).</summary>
    public ReadOnlyMemory<byte> Json { get; }

    /// <summary>The CloudEvent JSON bytes of all the events (what <c>MaxTipBytes</c> bounds).</summary>
    public int EventBytes { get; }

    public int Count => Events.Count;

    /// <summary>The length of the one JSON array that joins <paramref name="runs"/> (see <see cref="Join"/>).</summary>
    public static int JoinedLength(ReadOnlySpan<EventRun> runs)
    {
        var length = 1;
        foreach (var run in runs)
        {
            length += run.Json.Length - 1;
        }

        return length;
    }

    /// <summary>Writes the one JSON array that joins <paramref name="runs"/> into <paramref name="destination"/> (at least <see cref="JoinedLength"/> bytes); returns its length.</summary>
    public static int Join(ReadOnlySpan<EventRun> runs, Span<byte> destination)
    {
        // "[a,b]" + "[c]" = "[a,b" + "," + "c]": each run gives its events without its brackets.
        var written = 0;
        foreach (var run in runs)
        {
            destination[written] = written == 0 ? (byte)'[' : (byte)',';
            written++;
            var inner = run.Json.Span[1..^1];
            inner.CopyTo(destination[written..]);
            written += inner.Length;
        }

        destination[written++] = (byte)']';
        return written;
    }

    /// <summary>Encodes events as a run; the returned run's events are copies whose bytes live in the run's JSON.</summary>
    public static EventRun Encode(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return Empty;
        }

        var output = new ArrayBufferWriter<byte>(events.Sum(e => e.Utf8.Length + e.EventId.Length + 64) + 2);
        var placed = new (long Version, string Id, EventHubsPosition? Position, int Offset, int Length)[events.Count];
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartArray();
            for (var k = 0; k < events.Count; k++)
            {
                var stored = events[k];
                writer.WriteStartObject();
                writer.WriteNumber("v", stored.Version);
                writer.WriteString("id", stored.EventId);
                if (stored.Position is { } position)
                {
                    writer.WriteString("p", position.PartitionId);
                    writer.WriteNumber("s", position.SequenceNumber);
                }

                writer.WritePropertyName("d");
                writer.Flush();
                placed[k] = (stored.Version, stored.EventId, stored.Position, output.WrittenCount, stored.Utf8.Length);
                writer.WriteRawValue(stored.Utf8.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        var json = output.WrittenMemory;
        var slices = new List<StoredEvent>(placed.Length);
        var bytes = 0;
        foreach (var (version, id, position, offset, length) in placed)
        {
            slices.Add(new StoredEvent(version, id, position, json.Slice(offset, length)));
            bytes += length;
        }

        return new EventRun(slices, json, bytes);
    }

    /// <summary>Reads a stored JSON array of events; <paramref name="json"/> must not change afterwards (the events slice it).</summary>
    /// <exception cref="EventStoreException">The array is not a stored event array.</exception>
    public static EventRun Parse(ReadOnlyMemory<byte> json, string documentDescription)
    {
        try
        {
            var reader = new Utf8JsonReader(json.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw new EventStoreException($"{documentDescription} holds events that are not a JSON array.");
            }

            var events = new List<StoredEvent>();
            var bytes = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var stored = ReadEvent(ref reader, json, documentDescription);
                events.Add(stored);
                bytes += stored.Utf8.Length;
            }

            return new EventRun(events, json, bytes);
        }
        catch (JsonException invalid)
        {
            throw new EventStoreException($"{documentDescription} holds events that are not valid JSON: {invalid.Message}", invalid);
        }
    }

    private static StoredEvent ReadEvent(ref Utf8JsonReader reader, ReadOnlyMemory<byte> json, string documentDescription)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new EventStoreException($"{documentDescription} holds an event that is not a JSON object.");
        }

        long? version = null, sequence = null;
        string? id = null, partition = null;
        ReadOnlyMemory<byte>? data = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("d"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                data = json[start..(int)reader.BytesConsumed];
                continue;
            }

            var name = reader.ValueTextEquals("v"u8) ? 'v' : reader.ValueTextEquals("id"u8) ? 'i' : reader.ValueTextEquals("p"u8) ? 'p' : reader.ValueTextEquals("s"u8) ? 's' : '?';
            reader.Read();
            switch (name)
            {
                case 'v':
                    version = reader.GetInt64();
                    break;
                case 'i':
                    id = reader.GetString();
                    break;
                case 'p':
                    partition = reader.GetString();
                    break;
                case 's':
                    sequence = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (version is null || id is null || data is null)
        {
            throw new EventStoreException($"{documentDescription} holds an event without its version, id or data.");
        }

        var position = partition is not null && sequence is { } s ? new EventHubsPosition(partition, s) : (EventHubsPosition?)null;
        return new StoredEvent(version.Value, id, position, data.Value);
    }
}
