using Azure;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Archiving;

/// <summary><c>POST /archive</c>: the second Event Hubs subscriber (consumer group <c>%ArchiveConsumerGroup%</c>) that keeps every batch in blob storage.</summary>
internal static partial class ArchiveEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/archive", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest request, ArchiveWriter writer, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("Pipeline.Functions.Archive");
        var (batch, problem) = await TriggerRequest.ReadOrProblemAsync(request, cancellationToken).ConfigureAwait(false);
        if (batch is null)
        {
            return problem!;
        }

        try
        {
            var blob = await writer.ArchiveAsync(batch, cancellationToken).ConfigureAwait(false);
            return InvocationResponse.Success([blob is null ? "nothing to archive" : $"archived {batch.Events.Count} events to {blob}"]);
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or IOException or TimeoutException)
        {
            LogFailed(logger, exception, batch.PartitionId);
            return InvocationResponse.Failure("blob storage is unavailable: " + exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Archiving a batch of partition {PartitionId} failed; the host will retry")]
    private static partial void LogFailed(ILogger logger, Exception exception, string partitionId);
}
