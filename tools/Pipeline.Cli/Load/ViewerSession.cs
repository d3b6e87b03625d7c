using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Projections.Playback;

namespace Pipeline.Cli.Load;

/// <summary>
/// One viewer's player in the media-streaming domain: it emits the playback events a real player would in a sensible
/// order (start, heartbeats, pause/resume, stop, next title), each stamped with the viewer's next sequence number so a
/// verifier can tell gaps, duplicates and reordering apart; ids carry the sender's prefix, so later runs on the same
/// streams never reuse an id (the store would skip it as a duplicate). Not thread-safe: the generator locks a viewer while it draws.
/// </summary>
internal sealed class ViewerSession(string streamId, int titleCount, string idPrefix = "")
{
    private PlaybackStatus status = PlaybackStatus.Idle;
    private long sequence;

    public string StreamId { get; } = streamId;

    /// <summary>Sequence number of the last event drawn (events are numbered from 1).</summary>
    public long LastSequence => sequence;

    /// <summary>Writes the next event as CloudEvent JSON, padded with a <c>data.pad</c> string to about <paramref name="targetBytes"/>.</summary>
    public (string Id, long Sequence) Next(Utf8JsonWriter writer, Random random, ZipfSampler titles, string runId, int targetBytes)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var (type, nextStatus) = status switch
        {
            PlaybackStatus.Idle or PlaybackStatus.Stopped => (PlaybackEventTypes.Started, PlaybackStatus.Playing),
            PlaybackStatus.Paused => (PlaybackEventTypes.Resumed, PlaybackStatus.Playing),
            _ => random.Next(100) switch
            {
                < 85 => (PlaybackEventTypes.Heartbeat, PlaybackStatus.Playing),
                < 95 => (PlaybackEventTypes.Paused, PlaybackStatus.Paused),
                _ => (PlaybackEventTypes.Stopped, PlaybackStatus.Stopped),
            },
        };
        status = nextStatus;
        var seq = ++sequence;
        var id = $"{StreamId}-{idPrefix}{seq}";
        var start = writer.BytesCommitted + writer.BytesPending;
        writer.WriteStartObject();
        writer.WriteString("specversion", "1.0");
        writer.WriteString("id", id);
        writer.WriteString("source", "/load/player");
        writer.WriteString("type", type);
        writer.WriteString("subject", StreamId);
        writer.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        writer.WriteString("datacontenttype", "application/json");
        writer.WriteStartObject("data");
        writer.WriteString("run", runId);
        writer.WriteNumber("seq", seq);
        if (type == PlaybackEventTypes.Started)
        {
            var title = titles.Next(random);
            writer.WriteString("titleId", $"title-{title % titleCount}");
        }
        else if (type == PlaybackEventTypes.Heartbeat)
        {
            writer.WriteNumber("seconds", 10 + random.Next(50));
        }

        var written = writer.BytesCommitted + writer.BytesPending - start;
        var padding = (int)Math.Max(0, targetBytes - written - "\"pad\":\"\"}}".Length);
        if (padding > 0)
        {
            writer.WriteString("pad", Padding(padding));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        return (id, seq);
    }

    private static readonly string PaddingSource = new('x', 1 << 20);

    private static ReadOnlySpan<char> Padding(int length) => PaddingSource.AsSpan(0, Math.Min(length, PaddingSource.Length));
}
