using System.Text.Json.Nodes;
using Pipeline.Core.Events;
using Pipeline.Core.Projections.Playback;

namespace Pipeline.Core.Tests.Projections;

public sealed class PlaybackProjectionTests
{
    private readonly PlaybackProjection projection = new();

    private static CloudEventEnvelope Started(string titleId, string? title = null) =>
        TestEvents.Envelope(PlaybackEventTypes.Started, data: new JsonObject { ["titleId"] = titleId, ["title"] = title });

    private static CloudEventEnvelope Heartbeat(double seconds) =>
        TestEvents.Envelope(PlaybackEventTypes.Heartbeat, data: new JsonObject { ["seconds"] = seconds });

    private static CloudEventEnvelope Plain(string type) => TestEvents.Envelope(type);

    [Fact]
    public void A_viewing_session_accumulates_heartbeat_seconds_only_while_playing()
    {
        var state = projection.Fold(projection.InitialState,
        [
            Started("tt-1", "The Film"),
            Heartbeat(30),
            Heartbeat(12.5),
            Plain(PlaybackEventTypes.Paused),
            Heartbeat(99),
            Plain(PlaybackEventTypes.Resumed),
            Heartbeat(10),
            Plain(PlaybackEventTypes.Stopped),
        ]);

        Assert.Equal(new PlaybackState(PlaybackStatus.Stopped, "tt-1", "The Film", 52.5, 1, 0, 0, 1), state);
    }

    [Fact]
    public void Starting_another_title_opens_a_new_session()
    {
        var state = projection.Fold(projection.InitialState, [Started("tt-1"), Heartbeat(5), Started("tt-2", "Second"), Heartbeat(7)]);

        Assert.Equal((PlaybackStatus.Playing, "tt-2", "Second", 12.0, 2), (state.Status, state.TitleId, state.Title, state.WatchSeconds, state.SessionCount));
    }

    [Fact]
    public void Events_of_unknown_types_are_counted_and_change_nothing_else()
    {
        var state = projection.Fold(projection.InitialState, [Started("tt-1"), Plain("playback.rated"), Plain("something.else")]);

        Assert.Equal(PlaybackState.Initial with { Status = PlaybackStatus.Playing, TitleId = "tt-1", SessionCount = 1, IgnoredEvents = 2 }, state);
    }

    public static TheoryData<string, JsonNode?> MalformedData => new()
    {
        { PlaybackEventTypes.Started, null },
        { PlaybackEventTypes.Started, new JsonObject { ["title"] = "no id" } },
        { PlaybackEventTypes.Started, new JsonObject { ["titleId"] = 42 } },
        { PlaybackEventTypes.Started, new JsonObject { ["titleId"] = "" } },
        { PlaybackEventTypes.Started, new JsonObject { ["titleId"] = "tt", ["title"] = new JsonArray() } },
        { PlaybackEventTypes.Started, "just a string" },
        { PlaybackEventTypes.Heartbeat, null },
        { PlaybackEventTypes.Heartbeat, new JsonObject() },
        { PlaybackEventTypes.Heartbeat, new JsonObject { ["seconds"] = "10" } },
        { PlaybackEventTypes.Heartbeat, new JsonObject { ["seconds"] = -1 } },
        { PlaybackEventTypes.Heartbeat, new JsonObject { ["seconds"] = 1e9 } },
        { PlaybackEventTypes.Heartbeat, new JsonArray(1, 2) },
    };

    [Theory]
    [MemberData(nameof(MalformedData))]
    public void Malformed_data_of_a_known_type_is_counted_instead_of_throwing(string type, JsonNode? data)
    {
        var playing = projection.Apply(projection.InitialState, Started("tt-1"));

        var state = projection.Apply(playing, TestEvents.Envelope(type, data: data));

        Assert.Equal(playing with { MalformedEvents = 1 }, state);
    }

    [Fact]
    public void Binary_data_for_a_known_type_is_malformed()
    {
        var json = TestEvents.Json(PlaybackEventTypes.Heartbeat).With("data_base64", "AAEC");

        var state = projection.Apply(projection.Apply(projection.InitialState, Started("tt-1")), TestEvents.Envelope(json));

        Assert.Equal(1, state.MalformedEvents);
    }

    [Theory]
    [InlineData(PlaybackEventTypes.Paused)]
    [InlineData(PlaybackEventTypes.Resumed)]
    [InlineData(PlaybackEventTypes.Stopped)]
    public void Transitions_that_make_no_sense_before_a_start_are_counted_as_out_of_sequence(string type)
    {
        var state = projection.Apply(projection.InitialState, Plain(type));

        Assert.Equal(PlaybackState.Initial with { OutOfSequenceEvents = 1 }, state);
    }

    [Fact]
    public void The_playback_state_serializes_with_camel_case_names_and_string_status()
    {
        var state = projection.Fold(projection.InitialState, [Started("tt-1", "Film"), Heartbeat(0.1), Heartbeat(0.2)]);

        var json = System.Text.Encoding.UTF8.GetString(projection.SerializeState(state));

        Assert.Equal("""{"status":"playing","titleId":"tt-1","title":"Film","watchSeconds":0.30000000000000004,"sessionCount":1,"ignoredEvents":0,"malformedEvents":0,"outOfSequenceEvents":0}""", json);
        Assert.Equal(state, projection.DeserializeState(System.Text.Encoding.UTF8.GetBytes(json)));
    }
}
