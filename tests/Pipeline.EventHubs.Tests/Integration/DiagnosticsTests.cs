using System.Collections.Concurrent;
using System.Diagnostics;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Diagnostics;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;
using Pipeline.EventHubs.Tests.Unit;

namespace Pipeline.EventHubs.Tests.Integration;

[Collection(ActivityListenerCollection.Name)]
public class DiagnosticsTests
{
    [Fact]
    public async Task Send_and_receive_activities_link_the_consumer_to_the_producers_trace()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EventHubsActivitySource.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);

        using (new Activity("ingest").SetIdFormat(ActivityIdFormat.W3C).Start())
        {
            await producer.SendAsync([new EventData("traced")], new SendEventOptions { PartitionId = "0" });
        }

        var received = Assert.Single(await Events.ReadAsync(emulator.ConnectionString, "0", EventPosition.Earliest, 1));
        var diagnosticId = Assert.IsType<string>(received.Properties[EventHubsActivitySource.DiagnosticIdProperty]);
        Assert.True(ActivityContext.TryParse(diagnosticId, null, out var producedIn));

        // The listener is process-wide and other tests run in parallel: pick this event's activities by their links.
        bool LinksToEvent(Activity activity) => activity.Links.Any(link => link.Context.TraceId == producedIn.TraceId && link.Context.SpanId == producedIn.SpanId);
        var send = Assert.Single(stopped, a => a.OperationName == "EventHubs.send" && LinksToEvent(a));
        var receive = Assert.Single(stopped, a => a.OperationName == "EventHubs.receive" && LinksToEvent(a));
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal(ActivityKind.Consumer, receive.Kind);
        Assert.Equal(TestEmulator.Hub, send.GetTagItem("messaging.destination.name"));
        Assert.Equal("0", receive.GetTagItem("messaging.destination.partition.id"));
    }
}
