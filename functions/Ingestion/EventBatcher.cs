using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pipeline.Core.Events;
using Pipeline.Core.Partitioning;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Producer;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Telemetry;

namespace Pipeline.Functions.Ingestion;

/// <summary>
/// Coalesces concurrent ingest requests into Event Hubs batches. One dispatcher takes everything queued (a "round"),
/// groups it by target partition (the partition Event Hubs' hash assigns to the event's subject, so a stream lands
/// where a partition-key send would put it) or, if configured, by the subject itself as partition key; sends the groups
/// in parallel and only then starts the next round. Rounds run one after another, so events of one stream reach their
/// partition in the order they were accepted. A request completes when every batch carrying its
/// events was accepted, or fails with the first <see cref="PublishFailedException"/>.
/// </summary>
internal sealed partial class EventBatcher : BackgroundService
{
    private readonly Channel<PendingRequest> queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EventHubProducerClient producer;
    private readonly IngestSettings settings;
    private readonly TimeSpan sendTimeout;
    private readonly ILogger<EventBatcher> logger;
    private string[]? partitionIds;

    public EventBatcher(EventHubProducerClient producer, IOptions<IngestSettings> settings, ILogger<EventBatcher> logger)
    {
        this.producer = producer;
        this.settings = settings.Value;
        sendTimeout = this.settings.SendTimeout;
        this.logger = logger;
    }

    /// <summary>Queues a request's events; the task completes once Event Hubs accepted all of them.</summary>
    /// <exception cref="PublishFailedException">Event Hubs throttled, failed or could not be reached.</exception>
    public Task PublishAsync(IReadOnlyList<CloudEventEnvelope> events, string? traceParent, CancellationToken cancellationToken)
    {
        var request = new PendingRequest(events, traceParent);
        if (!queue.Writer.TryWrite(request))
        {
            throw new PublishFailedException(PublishFailure.Unavailable, "The function app is shutting down.");
        }

        // The client going away does not withdraw events that may already be on the wire; it only stops waiting.
        return request.Completion.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = new List<PendingRequest>();
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            var events = 0;
            while (events < settings.MaxEventsPerRound && queue.Reader.TryRead(out var request))
            {
                round.Add(request);
                events += request.Events.Count;
            }

            await SendRoundAsync(round).ConfigureAwait(false);
            round.Clear();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain: requests already queued are still sent, so none is answered 202 without having been accepted.
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendRoundAsync(List<PendingRequest> round)
    {
        var byPartitionId = settings.BatchBy == IngestBatching.PartitionId;
        if (byPartitionId && partitionIds is null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(sendTimeout);
                partitionIds = await producer.GetPartitionIdsAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                var failure = Classify(exception);
                LogSendFailed(exception, "(partition ids)", round.Sum(r => r.Events.Count), failure.Failure);
                round.ForEach(r => r.Fail(failure));
                round.ForEach(r => r.Finish());
                return;
            }
        }

        var groups = new Dictionary<string, List<(CloudEventEnvelope Event, PendingRequest Request)>>(StringComparer.Ordinal);
        foreach (var request in round)
        {
            foreach (var cloudEvent in request.Events)
            {
                var key = byPartitionId ? partitionIds![PartitionKeyMapper.GetPartitionIndex(cloudEvent.Subject, partitionIds.Length)] : cloudEvent.Subject;
                if (!groups.TryGetValue(key, out var group))
                {
                    group = [];
                    groups.Add(key, group);
                }

                group.Add((cloudEvent, request));
            }
        }

        await Parallel.ForEachAsync(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentSends },
            async (group, _) => await SendGroupAsync(byPartitionId ? new CreateBatchOptions { PartitionId = group.Key } : new CreateBatchOptions { PartitionKey = group.Key }, group.Value).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var request in round)
        {
            request.Finish();
        }

        LogRound(round.Count, groups.Count);
    }

    private async Task SendGroupAsync(CreateBatchOptions target, List<(CloudEventEnvelope Event, PendingRequest Request)> group)
    {
        var next = 0;
        var sent = 0;
        using var activity = FunctionActivities.StartIngestSend(group.Select(g => g.Request.TraceParent).Distinct(), target.PartitionId ?? target.PartitionKey ?? string.Empty, group.Count);
        try
        {
            using var timeout = new CancellationTokenSource(sendTimeout);
            while (next < group.Count)
            {
                using var batch = await producer.CreateBatchAsync(target, timeout.Token).ConfigureAwait(false);
                var first = next;
                while (next < group.Count && batch.TryAdd(ToEventData(group[next].Event, group[next].Request)))
                {
                    next++;
                }

                if (next == first)
                {
                    throw new PublishFailedException(
                        PublishFailure.TooLarge,
                        $"Event '{group[next].Event.Id}' does not fit in one Event Hubs message of at most {batch.MaximumSizeInBytes} bytes.");
                }

                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await producer.SendAsync(batch, timeout.Token).ConfigureAwait(false);
                FunctionMetrics.EventHubsSendDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                FunctionMetrics.IngestBatchEvents.Record(next - sent);
                sent = next;
            }
        }
        catch (Exception exception)
        {
            var failure = Classify(exception);
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, failure.Failure.ToString());
            if (failure.Failure == PublishFailure.Throttled)
            {
                FunctionMetrics.EventHubsThrottled.Add(1);
            }

            LogSendFailed(exception, target.PartitionId ?? target.PartitionKey ?? string.Empty, group.Count - sent, failure.Failure);
            foreach (var (_, request) in group.Skip(sent))
            {
                request.Fail(failure);
            }
        }
    }

    private static EventData ToEventData(CloudEventEnvelope cloudEvent, PendingRequest request)
    {
        var data = new EventData(cloudEvent.Utf8) { ContentType = CloudEventContentType.Structured, MessageId = cloudEvent.Id };
        EventTelemetryProperties.Stamp(data, request.TraceParent, request.AcceptedAt);
        return data;
    }

    private static PublishFailedException Classify(Exception exception) => exception switch
    {
        PublishFailedException failed => failed,
        EventHubsException { Reason: EventHubsException.FailureReason.ServiceBusy } => new PublishFailedException(PublishFailure.Throttled, "Event Hubs is throttling; retry later.", exception),

        // The send timeout ran out while the client was still backing off from throttling: the client should retry later, not see an outage.
        OperationCanceledException { InnerException: EventHubsException { Reason: EventHubsException.FailureReason.ServiceBusy } } => new PublishFailedException(PublishFailure.Throttled, "Event Hubs is throttling; retry later.", exception),
        EventHubsException { Reason: EventHubsException.FailureReason.MessageSizeExceeded } => new PublishFailedException(PublishFailure.TooLarge, exception.Message, exception),
        _ => new PublishFailedException(PublishFailure.Unavailable, "Event Hubs did not accept the events: " + exception.Message, exception),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sent a round of {Requests} requests in {Groups} groups")]
    private partial void LogRound(int requests, int groups);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Count} events to {Target} failed ({Failure})")]
    private partial void LogSendFailed(Exception exception, string target, int count, PublishFailure failure);
}
