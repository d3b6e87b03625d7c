using System.Diagnostics;
using Pipeline.EventHubs.Diagnostics;
using Pipeline.EventHubs.Producer;

namespace Pipeline.EventHubs.Tests.Unit;

[Collection(ActivityListenerCollection.Name)]
public class TracingTests
{
    [Fact]
    public void Added_events_carry_the_trace_context_they_were_published_in()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventHubsActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        var batch = new EventDataBatch(long.MaxValue, "hub", "localhost", new CreateBatchOptions());
        var eventData = new EventData("x");

        batch.TryAdd(eventData);

        var diagnosticId = Assert.IsType<string>(eventData.Properties[EventHubsActivitySource.DiagnosticIdProperty]);
        Assert.Equal(diagnosticId, eventData.Properties[EventHubsActivitySource.TraceParentProperty]);
        Assert.True(ActivityContext.TryParse(diagnosticId, null, out var context));
        Assert.Equal(parent.TraceId, context.TraceId);
    }

    [Fact]
    public void Existing_trace_context_is_kept()
    {
        using var parent = new Activity("publish").SetIdFormat(ActivityIdFormat.W3C).Start();
        var batch = new EventDataBatch(long.MaxValue, "hub", "localhost", new CreateBatchOptions());
        var eventData = new EventData("x");
        eventData.Properties[EventHubsActivitySource.DiagnosticIdProperty] = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        batch.TryAdd(eventData);

        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", eventData.Properties[EventHubsActivitySource.DiagnosticIdProperty]);
        Assert.False(eventData.Properties.ContainsKey(EventHubsActivitySource.TraceParentProperty));
    }

    [Fact]
    public void Without_any_activity_events_stay_untouched()
    {
        Activity.Current = null;
        var batch = new EventDataBatch(long.MaxValue, "hub", "localhost", new CreateBatchOptions());
        var eventData = new EventData("x");

        batch.TryAdd(eventData);

        Assert.Empty(eventData.Properties);
    }
}
