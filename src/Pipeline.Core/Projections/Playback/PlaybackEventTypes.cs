namespace Pipeline.Core.Projections.Playback;

/// <summary>The CloudEvents <c>type</c> values of the media-streaming sample domain.</summary>
public static class PlaybackEventTypes
{
    /// <summary>A viewer started a title; data <c>{"titleId": "...", "title": "..."}</c> (title optional).</summary>
    public const string Started = "playback.started";

    /// <summary>Periodic progress; data <c>{"seconds": n}</c> = seconds watched since the previous heartbeat, start or resume.</summary>
    public const string Heartbeat = "playback.heartbeat";

    /// <summary>The viewer paused; no data needed.</summary>
    public const string Paused = "playback.paused";

    /// <summary>The viewer resumed after a pause; no data needed.</summary>
    public const string Resumed = "playback.resumed";

    /// <summary>The session ended; no data needed.</summary>
    public const string Stopped = "playback.stopped";
}
