using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Core.Events;
using Pipeline.Core.Projections;
using Pipeline.Core.Projections.Playback;

namespace Pipeline.Core.Tests.Projections;

public sealed class FoldPropertyTests
{
    private static readonly ProjectionRegistry Registry = ProjectionRegistry.CreateDefault();

    // Known and unknown types, with well-formed, malformed and missing data, so every branch of the folds is exercised.
    private static readonly Gen<CloudEventEnvelope> AnyEvent =
        from type in Gen.Elements(
            PlaybackEventTypes.Started, PlaybackEventTypes.Heartbeat, PlaybackEventTypes.Paused,
            PlaybackEventTypes.Resumed, PlaybackEventTypes.Stopped, "playback.rated", "other.thing")
        from data in Gen.Elements<JsonNode?>(
            null,
            new JsonObject { ["titleId"] = "tt-1", ["title"] = "One" },
            new JsonObject { ["titleId"] = "tt-2" },
            new JsonObject { ["seconds"] = 10 },
            new JsonObject { ["seconds"] = 2.25 },
            new JsonObject { ["seconds"] = -3 },
            new JsonObject { ["seconds"] = "x" },
            new JsonArray(1))
        from id in Gen.Choose(0, 99_999)
        from hour in Gen.Choose(0, 23)
        from hasTime in Gen.Elements(true, false)
        select TestEvents.Envelope(type, "viewer-1", $"e-{id}", data?.DeepClone(), hasTime ? $"2024-05-01T{hour:00}:00:00Z" : null);

    private static readonly Arbitrary<(CloudEventEnvelope[] First, CloudEventEnvelope[] Second)> TwoRuns =
        AnyEvent.ArrayOf().Zip(AnyEvent.ArrayOf()).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Folding_a_concatenation_equals_folding_from_a_stored_snapshot_of_the_first_part()
    {
        return Prop.ForAll(TwoRuns, runs =>
        {
            foreach (var projection in Registry.All)
            {
                var whole = projection.Fold(projection.CreateInitialState(), runs.First.Concat(runs.Second));
                var snapshot = projection.SerializeState(projection.Fold(projection.CreateInitialState(), runs.First));
                var resumed = projection.Fold(projection.DeserializeState(snapshot), runs.Second);

                if (!projection.SerializeState(whole).AsSpan().SequenceEqual(projection.SerializeState(resumed)))
                {
                    return false;
                }
            }

            return true;
        });
    }

    [Property(MaxTest = 100)]
    public Property Folding_is_deterministic()
    {
        return Prop.ForAll(TwoRuns, runs => Registry.All.All(projection =>
            projection.SerializeState(projection.Fold(projection.CreateInitialState(), runs.First)).AsSpan()
                .SequenceEqual(projection.SerializeState(projection.Fold(projection.CreateInitialState(), runs.First)))));
    }

    [Property(MaxTest = 200)]
    public Property The_summary_total_equals_the_number_of_events_and_the_sum_of_its_type_counts()
    {
        var summary = new Pipeline.Core.Projections.Summary.SummaryProjection();
        return Prop.ForAll(TwoRuns, runs =>
        {
            var state = summary.Fold(summary.InitialState, runs.First);
            return state.TotalCount == runs.First.Length && state.CountByType.Values.Sum() == runs.First.Length;
        });
    }

    [Property(MaxTest = 200)]
    public Property Every_playback_event_is_accounted_for_and_watch_time_never_decreases()
    {
        var playback = new PlaybackProjection();
        return Prop.ForAll(TwoRuns, runs =>
        {
            var state = playback.InitialState;
            foreach (var e in runs.First)
            {
                var next = playback.Apply(state, e);
                if (next.WatchSeconds < state.WatchSeconds || next == state)
                {
                    return false;
                }

                state = next;
            }

            return true;
        });
    }
}
