using System.Diagnostics;

namespace Pipeline.Cosmos.Diagnostics;

/// <summary>
/// The store's spans, one per append or stream read, on the activity source <c>Pipeline.Cosmos</c>: they sit between
/// the caller's span and the Cosmos DB SDK's own request spans and carry what the SDK cannot know (stream, events,
/// duplicates, the operation's total request charge).
/// </summary>
public static class StoreActivities
{
    /// <summary>The activity source name (OpenTelemetry: <c>AddSource("Pipeline.Cosmos")</c>).</summary>
    public const string SourceName = "Pipeline.Cosmos";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(string operation, string databaseName, string containerName, string streamId)
    {
        var activity = Source.StartActivity($"EventStore.{operation}", ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("db.system", "cosmosdb");
        activity.SetTag("db.namespace", databaseName);
        activity.SetTag("db.collection.name", containerName);
        activity.SetTag("db.operation.name", operation);
        activity.SetTag("pipeline.stream.id", streamId);
        return activity;
    }

    internal static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }
}
