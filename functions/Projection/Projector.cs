using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Pipeline.Core.Events;
using Pipeline.Cosmos;
using Pipeline.Cosmos.DeadLetters;
using Pipeline.Cosmos.Streams;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Telemetry;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Projection;

/// <summary>
/// Applies one Event Hubs batch to the event store: parses every event, groups them by stream (subject) keeping
/// partition order, appends each stream's events with their Event Hubs positions (so a redelivered batch changes
/// nothing), and dead-letters whatever cannot be applied. Only transient store failures escape, failing the invocation.
/// </summary>
internal sealed partial class Projector(CosmosEventStore store, DeadLetterStore deadLetters, IOptions<CosmosSettings> settings, ILogger<Projector> logger)
{
    /// <summary>
    /// Streams appended at a time over point requests: a batch of 1 000–2 000 events (host.json maxEventBatchSize 2 000)
    /// spans ~150–250 streams, and the SDK's gateway pool allows 50 connections.
    /// </summary>
    public const int PointRequestConcurrency = 32;

    /// <summary>
    /// With bulk execution every stream of a batch at once: their first requests share batch requests, and the more
    /// wait together, the fuller and fewer those are.
    /// </summary>
    public const int BulkConcurrency = 256;

    private readonly int maxConcurrentStreams = settings.Value.BulkExecution ? BulkConcurrency : PointRequestConcurrency;

    public async Task<ProjectionOutcome> ProjectAsync(EventHubTriggerBatch batch, CancellationToken cancellationToken)
    {
        using var activity = FunctionActivities.StartProject(batch);
        var streams = new Dictionary<string, List<(EventToAppend Event, TriggeredEvent Source)>>(StringComparer.Ordinal);
        var deadLettered = 0;
        foreach (var triggered in batch.Events)
        {
            CloudEventEnvelope envelope;
            try
            {
                envelope = CloudEventParser.ParseEvent(triggered.Utf8Body);
            }
            catch (CloudEventFormatException invalid)
            {
                var reason = "invalid CloudEvent: " + string.Join("; ", invalid.Problems.Select(p => p.Detail));
                await DeadLetterAsync(batch, triggered, reason, cancellationToken).ConfigureAwait(false);
                deadLettered++;
                continue;
            }

            if (!streams.TryGetValue(envelope.Subject, out var events))
            {
                events = [];
                streams.Add(envelope.Subject, events);
            }

            events.Add((new EventToAppend(envelope, new EventHubsPosition(batch.PartitionId, triggered.SequenceNumber)), triggered));
        }

        var appended = 0;
        var duplicates = 0;
        var poisoned = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(
            streams,
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentStreams, CancellationToken = cancellationToken },
            async (stream, token) =>
            {
                var (added, skipped, dead) = await AppendStreamAsync(batch, stream.Key, stream.Value, token).ConfigureAwait(false);
                Interlocked.Add(ref appended, added);
                Interlocked.Add(ref duplicates, skipped);
                poisoned.Add(dead);
            }).ConfigureAwait(false);

        var outcome = new ProjectionOutcome(streams.Count, appended, duplicates, deadLettered + poisoned.Sum());
        activity?.SetTag("pipeline.streams", outcome.Streams);
        activity?.SetTag("pipeline.events.appended", outcome.Appended);
        activity?.SetTag("pipeline.events.duplicates", outcome.Duplicates);
        activity?.SetTag("pipeline.events.deadlettered", outcome.DeadLettered);
        LogBatch(batch.PartitionId, batch.Events.Count, outcome.Streams, outcome.Appended, outcome.Duplicates, outcome.DeadLettered);
        return outcome;
    }

    /// <summary>Appends a stream's events in one call; when the store rejects them for their content, retries one by one so only the poison ones are dead-lettered.</summary>
    private async Task<(int Appended, int Duplicates, int DeadLettered)> AppendStreamAsync(
        EventHubTriggerBatch batch, string streamId, List<(EventToAppend Event, TriggeredEvent Source)> events, CancellationToken cancellationToken)
    {
        using var activity = FunctionActivities.StartProjectStream(streamId, events.Select(e => e.Source.TraceParent), events.Count);
        try
        {
            var result = await store.AppendAsync(streamId, ExpectedVersion.Any, events.Select(e => e.Event).ToList(), cancellationToken).ConfigureAwait(false);
            RecordApplied(events, result.Duplicates.Count);
            return (result.AppendedCount, result.Duplicates.Count, 0);
        }
        catch (Exception exception) when (!TransientFailures.IsTransient(exception))
        {
            LogStreamRejected(exception, streamId, events.Count);
            activity?.AddEvent(new System.Diagnostics.ActivityEvent("append rejected; applying one by one"));
        }

        int appended = 0, duplicates = 0, dead = 0;
        foreach (var (item, source) in events)
        {
            try
            {
                var result = await store.AppendAsync(streamId, ExpectedVersion.Any, [item], cancellationToken).ConfigureAwait(false);
                RecordApplied(result.AppendedCount == 0 ? [] : [(item, source)], result.Duplicates.Count);
                appended += result.AppendedCount;
                duplicates += result.Duplicates.Count;
            }
            catch (Exception exception) when (!TransientFailures.IsTransient(exception))
            {
                await DeadLetterAsync(batch, source, $"{exception.GetType().Name}: {exception.Message}", cancellationToken).ConfigureAwait(false);
                dead++;
            }
        }

        return (appended, duplicates, dead);
    }

    private async Task DeadLetterAsync(EventHubTriggerBatch batch, TriggeredEvent triggered, string reason, CancellationToken cancellationToken)
    {
        var coordinates = new EventHubsCoordinates(batch.PartitionId, triggered.SequenceNumber, triggered.Offset, triggered.EnqueuedTime);
        if (await deadLetters.WriteAsync(reason, triggered.Utf8Body, coordinates, cancellationToken).ConfigureAwait(false))
        {
            // A redelivered poison event finds its dead letter already written; count each event once.
            FunctionMetrics.DeadLetters.Add(1);
        }

        LogDeadLettered(batch.PartitionId, triggered.SequenceNumber, reason);
    }

    private static void RecordApplied(IReadOnlyList<(EventToAppend Event, TriggeredEvent Source)> events, int duplicates)
    {
        if (duplicates > 0)
        {
            FunctionMetrics.DuplicatesSkipped.Add(duplicates);
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var (_, source) in events.Skip(duplicates == 0 ? 0 : events.Count))
        {
            FunctionMetrics.EnqueuedToApplied.Record(Math.Max(0, (now - source.EnqueuedTime).TotalSeconds));
            if (source.AcceptedAt is { } accepted)
            {
                FunctionMetrics.PostToApplied.Record(Math.Max(0, (now - accepted).TotalSeconds));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partition {PartitionId}: {EventCount} events, {StreamCount} streams, {Appended} appended, {Duplicates} duplicates, {DeadLettered} dead-lettered")]
    private partial void LogBatch(string partitionId, int eventCount, int streamCount, int appended, int duplicates, int deadLettered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream {StreamId} rejected an append of {EventCount} events; applying them one by one")]
    private partial void LogStreamRejected(Exception exception, string streamId, int eventCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered partition {PartitionId} sequence {SequenceNumber}: {Reason}")]
    private partial void LogDeadLettered(string partitionId, long sequenceNumber, string reason);
}
