using Pipeline.Functions.Telemetry;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Projection;

/// <summary><c>POST /project</c>: the Event Hubs-triggered projector (consumer group <c>%ProjectorConsumerGroup%</c>).</summary>
internal static partial class ProjectEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/project", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest request, Projector projector, ConsumerLagMonitor lag, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Pipeline.Functions.Project");
        var (batch, problem) = await TriggerRequest.ReadOrProblemAsync(request, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return problem!;
        }

        try
        {
            var outcome = await projector.ProjectAsync(batch, cancellationToken).ConfigureAwait(false);
            if (batch.Events.Count > 0)
            {
                lag.Processed(batch.PartitionId, batch.Events[^1].SequenceNumber);
            }

            return InvocationResponse.Success([$"projected {outcome.Appended} events into {outcome.Streams} streams ({outcome.Duplicates} duplicates, {outcome.DeadLettered} dead-lettered)"]);
        }
        catch (Exception exception) when (TransientFailures.IsTransient(exception))
        {
            // Nothing was lost: the batch is redelivered by the retry policy and the store skips what was already applied.
            LogTransientFailure(logger, exception, batch.PartitionId, batch.RetryCount);
            return InvocationResponse.Failure("the event store is unavailable: " + exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Projecting partition {PartitionId} failed transiently (retry {RetryCount}); the host will retry")]
    private static partial void LogTransientFailure(ILogger logger, Exception exception, string partitionId, int retryCount);
}
