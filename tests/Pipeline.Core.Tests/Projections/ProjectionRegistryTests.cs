using Pipeline.Core.Projections;
using Pipeline.Core.Projections.Playback;
using Pipeline.Core.Projections.Summary;

namespace Pipeline.Core.Tests.Projections;

public sealed class ProjectionRegistryTests
{
    [Fact]
    public void The_default_registry_holds_the_summary_and_playback_projections()
    {
        var registry = ProjectionRegistry.CreateDefault();

        Assert.Equal(new[] { "summary", "playback" }, registry.All.Select(p => p.Name));
        Assert.IsType<SummaryProjection>(registry.Get("summary"));
        Assert.True(registry.TryGet("playback", out var playback));
        Assert.Equal(typeof(PlaybackState), playback.StateType);
    }

    [Fact]
    public void Asking_for_an_unknown_projection_names_it()
    {
        var error = Assert.Throws<ProjectionNotFoundException>(() => ProjectionRegistry.CreateDefault().Get("nope"));

        Assert.Equal("nope", error.ProjectionName);
    }

    [Fact]
    public void Two_projections_with_one_name_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProjectionRegistry([new SummaryProjection(), new SummaryProjection()]));
    }

    [Fact]
    public void Heterogeneous_projections_fold_and_store_state_through_the_untyped_view()
    {
        var events = new[] { TestEvents.Envelope(PlaybackEventTypes.Started, data: new System.Text.Json.Nodes.JsonObject { ["titleId"] = "tt" }) };

        foreach (var projection in ProjectionRegistry.CreateDefault().All)
        {
            var state = projection.Fold(projection.CreateInitialState(), events);
            var restored = projection.DeserializeState(projection.SerializeState(state));

            Assert.IsType(projection.StateType, restored);
            Assert.Equal(projection.SerializeState(state), projection.SerializeState(restored));
        }
    }

    [Fact]
    public void Passing_another_projection_state_to_the_untyped_view_is_an_argument_error()
    {
        IProjection summary = new SummaryProjection();

        Assert.Throws<ArgumentException>(() => summary.Apply(PlaybackState.Initial, TestEvents.Envelope("x")));
    }
}
