using System.Diagnostics;

namespace Pipeline.EventHubs.Diagnostics;

/// <summary>
/// The activity source the client reports sends and receives on; subscribe to <see cref="Name"/> (e.g. with
/// OpenTelemetry's AddSource) to see them and to follow a trace from producer to consumer.
/// </summary>
public static class EventHubsActivitySource
{
    /// <summary>The name of the activity source.</summary>
    public const string Name = "Pipeline.EventHubs";

    /// <summary>The application property that carries the producer's activity id (Azure SDK convention).</summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    /// <summary>The application property that carries the W3C trace context.</summary>
    public const string TraceParentProperty = "traceparent";

    internal static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// Stamps the event with the trace context it is published in, unless it already carries one: a per-event
    /// "message" activity when someone listens, else the ambient activity.
    /// </summary>
    internal static void InstrumentEvent(EventData eventData, string eventHubName)
    {
        if (eventData.Properties.ContainsKey(DiagnosticIdProperty))
        {
            return;
        }

        using var message = Source.StartActivity("EventHubs.message", ActivityKind.Producer);
        message?.SetTag("messaging.system", "eventhubs");
        message?.SetTag("messaging.destination.name", eventHubName);
        string? id = message?.Id ?? Activity.Current?.Id;
        if (id is null)
        {
            return;
        }

        eventData.Properties[DiagnosticIdProperty] = id;
        eventData.Properties.TryAdd(TraceParentProperty, id);
    }

    /// <summary>Starts the activity of one send, linked to the trace contexts of the events it carries.</summary>
    internal static Activity? StartSend(string fullyQualifiedNamespace, string eventHubName, string? partitionId, IReadOnlyList<string> eventTraceParents)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("EventHubs.send", ActivityKind.Producer, default(ActivityContext), links: ToLinks(eventTraceParents));
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.operation", "publish");
        activity?.SetTag("server.address", fullyQualifiedNamespace);
        activity?.SetTag("messaging.destination.name", eventHubName);
        activity?.SetTag("messaging.destination.partition.id", partitionId);
        activity?.SetTag("messaging.batch.message_count", eventTraceParents.Count);
        return activity;
    }

    /// <summary>Starts the activity of one receive, linked to the producers' trace contexts of the received events.</summary>
    internal static Activity? StartReceive(string fullyQualifiedNamespace, string eventHubName, string consumerGroup, string partitionId, IReadOnlyList<EventData> events)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parents = new List<string>(events.Count);
        foreach (var received in events)
        {
            if (received.Properties.TryGetValue(DiagnosticIdProperty, out var id) && id is string text)
            {
                parents.Add(text);
            }
        }

        var activity = Source.StartActivity("EventHubs.receive", ActivityKind.Consumer, default(ActivityContext), links: ToLinks(parents));
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.operation", "receive");
        activity?.SetTag("server.address", fullyQualifiedNamespace);
        activity?.SetTag("messaging.destination.name", eventHubName);
        activity?.SetTag("messaging.consumer.group.name", consumerGroup);
        activity?.SetTag("messaging.destination.partition.id", partitionId);
        activity?.SetTag("messaging.batch.message_count", events.Count);
        return activity;
    }

    private static List<ActivityLink> ToLinks(IEnumerable<string> traceParents)
    {
        var links = new List<ActivityLink>();
        foreach (var traceParent in traceParents)
        {
            if (ActivityContext.TryParse(traceParent, null, out var context))
            {
                links.Add(new ActivityLink(context));
            }
        }

        return links;
    }
}
