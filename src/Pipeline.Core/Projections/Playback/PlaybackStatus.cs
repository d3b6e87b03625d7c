using System.Text.Json.Serialization;

namespace Pipeline.Core.Projections.Playback;

/// <summary>Where a viewer's player is, as seen from its events.</summary>
public enum PlaybackStatus
{
    /// <summary>No session has started yet.</summary>
    [JsonStringEnumMemberName("idle")]
    Idle,

    /// <summary>A title is playing; heartbeats add watch time.</summary>
    [JsonStringEnumMemberName("playing")]
    Playing,

    /// <summary>Playback is paused; heartbeats are out of sequence.</summary>
    [JsonStringEnumMemberName("paused")]
    Paused,

    /// <summary>The last session ended.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
