using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Events;

namespace Pipeline.Core.Projections.Playback;

/// <summary>
/// The <c>playback</c> projection of the media-streaming sample: one stream per viewer. Watch time accumulates only from
/// <c>playback.heartbeat</c> events received while playing, each adding its <c>seconds</c> (time watched since the
/// previous heartbeat, start or resume) — so the fold never reads a clock and replays give identical results.
/// </summary>
public sealed class PlaybackProjection : Projection<PlaybackState>
{
    /// <summary>The projection's name.</summary>
    public const string ProjectionName = "playback";

    /// <summary>The most one heartbeat may report; a larger value is a client bug and is counted as malformed.</summary>
    public const double MaxHeartbeatSeconds = 86_400;

    /// <inheritdoc />
    public override string Name => ProjectionName;

    /// <inheritdoc />
    public override int Version => 1;

    /// <inheritdoc />
    public override PlaybackState InitialState => PlaybackState.Initial;

    /// <inheritdoc />
    public override JsonTypeInfo<PlaybackState> StateTypeInfo => ProjectionJsonContext.Default.PlaybackState;

    /// <inheritdoc />
    public override PlaybackState Apply(PlaybackState state, CloudEventEnvelope cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(cloudEvent);

        return cloudEvent.Type switch
        {
            PlaybackEventTypes.Started => Start(state, cloudEvent),
            PlaybackEventTypes.Heartbeat => Heartbeat(state, cloudEvent),
            PlaybackEventTypes.Paused => Transition(state, from: PlaybackStatus.Playing, to: PlaybackStatus.Paused),
            PlaybackEventTypes.Resumed => Transition(state, from: PlaybackStatus.Paused, to: PlaybackStatus.Playing),
            PlaybackEventTypes.Stopped => state.Status is PlaybackStatus.Playing or PlaybackStatus.Paused
                ? state with { Status = PlaybackStatus.Stopped }
                : OutOfSequence(state),
            _ => state with { IgnoredEvents = state.IgnoredEvents + 1 },
        };
    }

    // A start while another session is open means the viewer switched titles: the old session simply ends.
    private static PlaybackState Start(PlaybackState state, CloudEventEnvelope cloudEvent)
    {
        if (cloudEvent.Data is not { ValueKind: JsonValueKind.Object } data
            || !TryGetString(data, "titleId", out var titleId)
            || string.IsNullOrEmpty(titleId)
            || !TryGetOptionalString(data, "title", out var title))
        {
            return Malformed(state);
        }

        return state with
        {
            Status = PlaybackStatus.Playing,
            TitleId = titleId,
            Title = title,
            SessionCount = state.SessionCount + 1,
        };
    }

    private static PlaybackState Heartbeat(PlaybackState state, CloudEventEnvelope cloudEvent)
    {
        if (cloudEvent.Data is not { ValueKind: JsonValueKind.Object } data
            || !data.TryGetProperty("seconds", out var secondsElement)
            || secondsElement.ValueKind != JsonValueKind.Number
            || !secondsElement.TryGetDouble(out var seconds)
            || !double.IsFinite(seconds)
            || seconds is < 0 or > MaxHeartbeatSeconds)
        {
            return Malformed(state);
        }

        return state.Status == PlaybackStatus.Playing
            ? state with { WatchSeconds = state.WatchSeconds + seconds }
            : OutOfSequence(state);
    }

    private static PlaybackState Transition(PlaybackState state, PlaybackStatus from, PlaybackStatus to) =>
        state.Status == from ? state with { Status = to } : OutOfSequence(state);

    private static PlaybackState Malformed(PlaybackState state) => state with { MalformedEvents = state.MalformedEvents + 1 };

    private static PlaybackState OutOfSequence(PlaybackState state) => state with { OutOfSequenceEvents = state.OutOfSequenceEvents + 1 };

    private static bool TryGetString(JsonElement data, string name, out string? value)
    {
        value = data.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is not null;
    }

    private static bool TryGetOptionalString(JsonElement data, string name, out string? value)
    {
        value = null;
        if (!data.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return TryGetString(data, name, out value);
    }
}
