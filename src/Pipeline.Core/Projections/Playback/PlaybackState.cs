namespace Pipeline.Core.Projections.Playback;

/// <summary>A viewer's playback read model: what is playing, how long they have watched, and how much input was unusable.</summary>
/// <param name="Status">Where the player is.</param>
/// <param name="TitleId">The title of the current (or last) session.</param>
/// <param name="Title">The display name of that title, when the client sent one.</param>
/// <param name="WatchSeconds">Total seconds watched over all sessions (sum of heartbeat <c>seconds</c> while playing).</param>
/// <param name="SessionCount">Number of <c>playback.started</c> events applied.</param>
/// <param name="IgnoredEvents">Events whose type this projection does not know.</param>
/// <param name="MalformedEvents">Known events whose <c>data</c> was missing or unusable.</param>
/// <param name="OutOfSequenceEvents">Known events that make no sense in the current status (e.g. resumed while playing).</param>
public sealed record PlaybackState(
    PlaybackStatus Status,
    string? TitleId,
    string? Title,
    double WatchSeconds,
    int SessionCount,
    long IgnoredEvents,
    long MalformedEvents,
    long OutOfSequenceEvents)
{
    /// <summary>The state of a viewer with no events.</summary>
    public static PlaybackState Initial { get; } = new(PlaybackStatus.Idle, null, null, 0, 0, 0, 0, 0);
}
