using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Pipeline.Core.Events;
using Pipeline.Core.Projections;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class ProjectionVersionTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task A_newer_projection_version_rebuilds_state_from_history_on_read_and_persists_it_on_append()
    {
        var test = await fixture.NewStoreAsync(o => { o.MaxTipEvents = 4; o.Projections = new ProjectionRegistry([new Weighed(version: 1, weight: 1)]); });
        for (var k = 0; k < 3; k++)
        {
            await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(3, first: (k * 3) + 1));
        }

        var upgraded = new ProjectionRegistry([new Weighed(version: 2, weight: 10)]);
        var reader = test.Another(o => o.Projections = upgraded);
        var read = (await reader.ReadStreamAsync("s")).State!.FindProjection("weighed")!;
        Assert.Equal((2, 90), (read.Version, Count(read)));

        var appended = (await reader.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 10))).State.FindProjection("weighed")!;
        Assert.Equal((2, 100), (appended.Version, Count(appended)));

        // A third instance with a cold cache sees the stored, upgraded state without rebuilding (same answer, version 2).
        var stored = (await test.Another(o => o.Projections = upgraded).ReadStreamAsync("s")).State!.FindProjection("weighed")!;
        Assert.Equal((2, 100), (stored.Version, Count(stored)));
    }

    [Fact]
    public async Task A_projection_added_later_is_built_from_the_whole_history()
    {
        var test = await fixture.NewStoreAsync(o => o.Projections = new ProjectionRegistry([new Weighed(version: 1, weight: 1)]));
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(5));

        var both = test.Another(o => o.Projections = new ProjectionRegistry([new Weighed(version: 1, weight: 1), new Weighed(version: 1, weight: 2, name: "double")]));
        var state = (await both.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1, first: 6))).State;

        Assert.Equal(6, Count(state.FindProjection("weighed")!));
        Assert.Equal(12, Count(state.FindProjection("double")!));
    }

    private static long Count(ProjectionState state) => System.Text.Json.JsonSerializer.Deserialize(state.Json.Span, WeighedJson.Default.WeighedState)!.Count;

    private sealed class Weighed(int version, int weight, string name = "weighed") : Projection<WeighedState>
    {
        public override string Name => name;

        public override int Version => version;

        public override WeighedState InitialState => new(0);

        public override JsonTypeInfo<WeighedState> StateTypeInfo => WeighedJson.Default.WeighedState;

        public override WeighedState Apply(WeighedState state, CloudEventEnvelope cloudEvent) => new(state.Count + weight);
    }
}

public sealed record WeighedState(long Count);

[JsonSerializable(typeof(WeighedState))]
internal sealed partial class WeighedJson : JsonSerializerContext;
