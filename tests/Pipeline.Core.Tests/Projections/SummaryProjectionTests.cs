using Pipeline.Core.Projections.Summary;

namespace Pipeline.Core.Tests.Projections;

public sealed class SummaryProjectionTests
{
    private readonly SummaryProjection projection = new();

    [Fact]
    public void The_summary_counts_events_by_type_and_remembers_the_first_and_last()
    {
        var state = projection.Fold(projection.InitialState,
        [
            TestEvents.Envelope("b.type", id: "1", time: "2024-05-01T10:00:00Z"),
            TestEvents.Envelope("a.type", id: "2"),
            TestEvents.Envelope("b.type", id: "3", time: "2024-05-01T11:00:00+01:00"),
            TestEvents.Envelope("c.type", id: "4"),
        ]);

        Assert.Equal(4, state.TotalCount);
        Assert.Equal(new[] { ("a.type", 1L), ("b.type", 2L), ("c.type", 1L) }, state.CountByType.Select(kv => (kv.Key, kv.Value)));
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), state.FirstEventTime);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), state.LastEventTime);
        Assert.Equal(TimeSpan.FromHours(1), state.LastEventTime!.Value.Offset);
        Assert.Equal("4", state.LastEventId);
    }

    [Fact]
    public void The_summary_state_round_trips_through_json()
    {
        var state = projection.Fold(projection.InitialState, [TestEvents.Envelope("x", time: "2024-05-01T10:00:00.5Z"), TestEvents.Envelope("y", id: "e-9")]);

        var json = projection.SerializeState(state);
        var back = projection.DeserializeState(json);

        Assert.Equal(json, projection.SerializeState(back));
        Assert.Equal(2, back.TotalCount);
        Assert.Contains("\"countByType\":{\"x\":1,\"y\":1}", System.Text.Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }
}
