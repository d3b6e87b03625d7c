using System.Diagnostics;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Telemetry;

/// <summary>
/// The spans the function app adds between the HTTP request and the clients' own: the ingest send of one Event Hubs
/// batch, the projector's processing of a trigger batch, and each stream's append. Events carry their producer's trace
/// context, so a span continues that trace when all its events share one parent and links to them when they do not
/// (the Azure SDKs' convention for batches).
/// </summary>
public static class FunctionActivities
{
    /// <summary>The activity source name (OpenTelemetry: <c>AddSource("Pipeline.Functions")</c>).</summary>
    public const string SourceName = "Pipeline.Functions";

    // A span with thousands of links is useless and expensive; Azure Monitor keeps the first hundred anyway.
    private const int MaxLinks = 128;

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts the span of one ingest send, continuing the trace of the request(s) whose events it carries.</summary>
    internal static Activity? StartIngestSend(IEnumerable<string?> traceParents, string target, int eventCount)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var (parent, links) = ParentAndLinks(traceParents.Select(EventTelemetryProperties.ParseContext), Activity.Current);
        var activity = Source.StartActivity("ingest send", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.destination.partition.id", target);
        activity?.SetTag("messaging.batch.message_count", eventCount);
        return activity;
    }

    /// <summary>Starts the span of one projector invocation (messaging "process" of a batch).</summary>
    internal static Activity? StartProject(EventHubTriggerBatch batch)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var invocation = Activity.Current;
        var (parent, links) = ParentAndLinks(batch.Events.Select(e => EventTelemetryProperties.ParseContext(e.TraceParent)), invocation);
        var activity = Source.StartActivity($"process {batch.EventHubName}", ActivityKind.Consumer, parent, links: links);
        activity?.SetTag("messaging.system", "eventhubs");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.destination.name", batch.EventHubName);
        activity?.SetTag("messaging.consumer.group.name", batch.ConsumerGroup);
        activity?.SetTag("messaging.destination.partition.id", batch.PartitionId);
        activity?.SetTag("messaging.batch.message_count", batch.Events.Count);
        return activity;
    }

    /// <summary>Starts the span of one stream's append within a projector invocation.</summary>
    internal static Activity? StartProjectStream(string streamId, IEnumerable<string?> traceParents, int eventCount)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var (parent, links) = ParentAndLinks(traceParents.Select(EventTelemetryProperties.ParseContext), Activity.Current);
        var activity = Source.StartActivity("project stream", ActivityKind.Internal, parent, links: links);
        activity?.SetTag("pipeline.stream.id", streamId);
        activity?.SetTag("messaging.batch.message_count", eventCount);
        return activity;
    }

    /// <summary>
    /// The parent of a span over events: the events' common producer context when they share one (linking back to the
    /// ambient span if that context is another trace), else the ambient span with a link to each distinct context.
    /// </summary>
    private static (ActivityContext Parent, List<ActivityLink> Links) ParentAndLinks(IEnumerable<ActivityContext> contexts, Activity? ambient)
    {
        var distinct = contexts.Where(c => c != default).Distinct().Take(MaxLinks + 1).ToList();
        var ambientContext = ambient?.Context ?? default;
        if (distinct.Count == 1)
        {
            var only = distinct[0];
            if (ambientContext != default && ambientContext.TraceId == only.TraceId)
            {
                return (ambientContext, []);
            }

            return (only, ambientContext == default ? [] : [new ActivityLink(ambientContext)]);
        }

        return (ambientContext, distinct.Take(MaxLinks).Select(c => new ActivityLink(c)).ToList());
    }
}
