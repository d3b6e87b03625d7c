using Microsoft.Azure.Cosmos;
using Pipeline.Core.Events;
using Pipeline.Cosmos.Caching;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Diagnostics;
using Pipeline.Cosmos.Documents;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Folding;
using Pipeline.Cosmos.Idempotency;
using Pipeline.Cosmos.Reading;
using Pipeline.Cosmos.Requests;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos;

/// <summary>
/// The event-sourced stream store on Cosmos DB (see docs/event-store.md): appends fold events into every projection and
/// commit with one conditional replace of the stream's tip; reads are one point read of the tip. Thread-safe; keep one.
/// </summary>
public sealed class CosmosEventStore
{
    private readonly CosmosStoreOptions options;
    private readonly TipDocuments tips;
    private readonly BatchDocuments batches;
    private readonly HistoryReader history;
    private readonly ProjectionFolder folder;
    private readonly TipCache cache;

    /// <summary>Creates a store on a client from <see cref="CosmosClientFactory"/> (the client is shared, not owned).</summary>
    public CosmosEventStore(CosmosClient client, CosmosStoreOptions options)
        : this(client, options, bulkClient: null)
    {
    }

    /// <summary>
    /// Creates a store whose appends send their first request through <paramref name="bulkClient"/>, a client with
    /// <see cref="CosmosStoreOptions.BulkExecution"/> (both clients are shared, not owned). Many concurrent appends then
    /// share batch requests, far less CPU per append; the requests an append makes after its first, and all reads for
    /// queries, go through <paramref name="client"/>, so an append waits for at most one batch dispatch (up to ~100 ms).
    /// </summary>
    public CosmosEventStore(CosmosClient client, CosmosStoreOptions options, CosmosClient? bulkClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        var container = new EventsContainer(
            client.GetContainer(options.DatabaseName, options.EventsContainer),
            bulkClient?.GetContainer(options.DatabaseName, options.EventsContainer));
        var requests = new CosmosRequests(options);
        tips = new TipDocuments(container, requests, options.CompressEvents);
        batches = new BatchDocuments(container, requests, options.CompressEvents);
        history = new HistoryReader(batches);
        folder = new ProjectionFolder(options.Projections);
        cache = new TipCache(options.TipCacheCapacity);
    }

    /// <summary>Appends events that did not come through Event Hubs (duplicates are recognised by id only).</summary>
    public Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expectedVersion, IReadOnlyList<CloudEventEnvelope> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return AppendAsync(streamId, expectedVersion, events.Select(e => new EventToAppend(e)).ToList(), cancellationToken);
    }

    /// <summary>
    /// Appends events to a stream: skips duplicates, folds the rest into every projection and writes the tip with one
    /// conditional replace (or a create for a new stream), calving the tip's buffer into a batch first when it is full.
    /// Appends larger than the tip's bounds are committed in several such steps, in order.
    /// </summary>
    /// <exception cref="WrongExpectedVersionException">The stream is not at <paramref name="expectedVersion"/> (never for <see cref="ExpectedVersion.Any"/> unless conflicts outlast the retries).</exception>
    /// <exception cref="InvalidStreamIdException">The stream id cannot be a partition key value.</exception>
    /// <exception cref="EventTooLargeException">An event is larger than <see cref="CosmosStoreOptions.MaxEventBytes"/>.</exception>
    /// <exception cref="EventStoreThrottledException">Cosmos DB kept throttling.</exception>
    public async Task<AppendResult> AppendAsync(string streamId, ExpectedVersion expectedVersion, IReadOnlyList<EventToAppend> events, CancellationToken cancellationToken = default)
    {
        InvalidStreamIdException.ThrowIfInvalid(streamId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        foreach (var item in events)
        {
            ArgumentNullException.ThrowIfNull(item?.Event, nameof(events));
            if (item.Event.Utf8.Length > options.MaxEventBytes)
            {
                throw new EventTooLargeException(item.Event.Id, item.Event.Utf8.Length, options.MaxEventBytes);
            }
        }

        using var activity = StoreActivities.Start("append", options.DatabaseName, options.EventsContainer, streamId);
        activity?.SetTag("pipeline.events.count", events.Count);
        AppendResult? combined = null;
        try
        {
            foreach (var chunk in Chunks(events))
            {
                var expected = combined is null || expectedVersion.IsAny ? expectedVersion : ExpectedVersion.Exact(combined.Version);
                var result = await AppendChunkAsync(streamId, expected, chunk, cancellationToken).ConfigureAwait(false);
                combined = combined is null
                    ? result
                    : new AppendResult(
                        result.State,
                        combined.AppendedCount > 0 ? combined.FirstAppendedVersion : result.FirstAppendedVersion,
                        combined.AppendedCount + result.AppendedCount,
                        [.. combined.Duplicates, .. result.Duplicates],
                        combined.DocumentWrites + result.DocumentWrites,
                        combined.RequestCharge + result.RequestCharge);
            }
        }
        catch (Exception exception)
        {
            StoreActivities.Failed(activity, exception);
            throw;
        }

        var appended = combined!;
        activity?.SetTag("pipeline.events.appended", appended.AppendedCount);
        activity?.SetTag("pipeline.events.duplicates", appended.Duplicates.Count);
        activity?.SetTag("pipeline.stream.version", appended.Version);
        activity?.SetTag("db.cosmosdb.request_charge", appended.RequestCharge);
        return appended;
    }

    /// <summary>Reads a stream's version, metadata and projection states with one point read of its tip (a 304 when the cached copy is current).</summary>
    public async Task<StreamReadResult> ReadStreamAsync(string streamId, CancellationToken cancellationToken = default)
    {
        InvalidStreamIdException.ThrowIfInvalid(streamId);
        var meter = new ChargeMeter();
        var (tip, notModified) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            return new StreamReadResult(null, false, meter.Total);
        }

        if (folder.NeedsRebuild(tip.States))
        {
            // Rebuilt in memory only (a read never writes); the cached tip keeps the result and the next append stores it.
            tip = await WithCurrentProjectionsAsync(tip, meter, cancellationToken).ConfigureAwait(false);
            cache.Put(tip);
        }

        return new StreamReadResult(tip.ToStreamState(folder.Order), notModified, meter.Total);
    }

    /// <summary>Reads up to <paramref name="maxCount"/> events of a stream from <paramref name="fromVersion"/> on, in version order.</summary>
    public async Task<EventPage> ReadEventsAsync(string streamId, long fromVersion = 1, int maxCount = 1000, CancellationToken cancellationToken = default)
    {
        InvalidStreamIdException.ThrowIfInvalid(streamId);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var meter = new ChargeMeter();
        var (tip, _) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
        if (tip is null)
        {
            return new EventPage(false, 0, [], fromVersion, meter.Total);
        }

        var events = await history.ReadAsync(tip, fromVersion, fromVersion + maxCount, meter, cancellationToken).ConfigureAwait(false);
        return new EventPage(true, tip.Version, events, fromVersion + events.Count, meter.Total);
    }

    private async Task<AppendResult> AppendChunkAsync(string streamId, ExpectedVersion expected, IReadOnlyList<EventToAppend> events, CancellationToken cancellationToken)
    {
        var meter = new ChargeMeter { MayBatchFirstRequest = true };
        var tip = cache.Get(streamId);
        var tipIsFresh = false;
        if (tip is null)
        {
            (tip, _) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
            tipIsFresh = true;
        }

        for (var conflicts = 0; ; )
        {
            if (!expected.IsSatisfiedBy(tip?.Version ?? 0))
            {
                if (!tipIsFresh)
                {
                    (tip, _) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
                    tipIsFresh = true;
                    continue;
                }

                throw new WrongExpectedVersionException(streamId, expected, tip?.ToStreamState(folder.Order));
            }

            var (fresh, duplicates) = DuplicateFilter.Split(tip, events);
            if (fresh.Count == 0)
            {
                return new AppendResult(tip!.ToStreamState(folder.Order), tip.Next, 0, duplicates, meter.Writes, meter.Total);
            }

            if (tip is not null && folder.NeedsRebuild(tip.States))
            {
                tip = await WithCurrentProjectionsAsync(tip, meter, cancellationToken).ConfigureAwait(false);
            }

            var written = await TryCommitAsync(streamId, tip, fresh, meter, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                cache.Put(written);
                return new AppendResult(written.ToStreamState(folder.Order), tip?.Next ?? 1, fresh.Count, duplicates, meter.Writes, meter.Total);
            }

            // Lost the race for the tip: start again from the winner's tip, after a jittered pause that grows with
            // each lost race, so contending writers stop colliding in lockstep.
            cache.Remove(streamId);
            if (++conflicts > options.MaxConflictRetries)
            {
                (tip, _) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
                throw new WrongExpectedVersionException(streamId, expected, tip?.ToStreamState(folder.Order));
            }

            await Task.Delay(options.ConflictBackoff * (conflicts * Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            (tip, _) = await ReadTipAsync(streamId, meter, cancellationToken).ConfigureAwait(false);
            tipIsFresh = true;
        }
    }

    /// <summary>Calves if the buffer is full, then writes the tip; returns the written tip, or null when another writer changed it first.</summary>
    private async Task<Tip?> TryCommitAsync(string streamId, Tip? tip, List<EventToAppend> fresh, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var firstVersion = tip?.Next ?? 1;
        var appended = EventRun.Encode(fresh.Select((e, k) => new StoredEvent(firstVersion + k, e.Event.Id, e.Position, e.Event.Utf8)).ToList());
        var compress = options.CompressEvents;
        var calve = tip is { Buffer.Count: > 0 }
            && (tip.Buffer.Count + appended.Count > options.MaxTipEvents || tip.BufferBytes + appended.EventBytes > options.MaxTipBytes);
        if (calve)
        {
            await CalveAsync(tip!, meter, cancellationToken).ConfigureAwait(false);
            options.FaultInjection?.AfterBatchCreated?.Invoke(streamId, tip!.First);
        }

        var buffer = calve || tip is null ? EventBuffer.Of(appended, compress) : tip.Buffer.Append(appended, compress);
        var now = DateTimeOffset.UtcNow;
        var (states, folded) = folder.Fold(tip?.States ?? new Dictionary<string, Streams.ProjectionState>(), tip?.Folded, fresh.Select(e => e.Event).ToList());
        var next = new Tip
        {
            StreamId = streamId,
            First = calve ? firstVersion : tip?.First ?? 1,
            Next = firstVersion + appended.Count,
            Created = tip?.Created ?? now,
            Updated = now,
            HighWaterMarks = DuplicateFilter.AdvanceMarks(tip, fresh),
            OlderIds = DuplicateFilter.OlderIds(tip, appended.Events, buffer.Count, options.IdWindowSize),
            States = states,
            Folded = folded,
            Buffer = buffer,
        };

        var etag = tip?.ETag is { } current
            ? await tips.ReplaceAsync(next, current, meter, cancellationToken).ConfigureAwait(false)
            : await tips.CreateAsync(next, meter, cancellationToken).ConfigureAwait(false);
        return etag is null ? null : new Tip
        {
            StreamId = next.StreamId,
            First = next.First,
            Next = next.Next,
            Created = next.Created,
            Updated = next.Updated,
            HighWaterMarks = next.HighWaterMarks,
            OlderIds = next.OlderIds,
            States = next.States,
            Folded = next.Folded,
            Buffer = next.Buffer,
            ETag = etag,
        };
    }

    /// <summary>Moves the tip's committed buffer into batch documents; an existing batch (409) counts as done up to where it reaches.</summary>
    private async Task CalveAsync(Tip tip, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var covered = tip.First;
        while (covered < tip.Next)
        {
            var from = covered;
            var batch = new Batch { StreamId = tip.StreamId, First = from, Next = tip.Next, Events = tip.Buffer.From(from, options.CompressEvents) };
            covered = await batches.CreateAsync(batch, meter, cancellationToken).ConfigureAwait(false);
            if (covered <= from)
            {
                throw new EventStoreException($"Batch {Batch.IdFor(from)} of stream '{tip.StreamId}' covers no versions; the stream's documents are inconsistent.");
            }
        }
    }

    private async Task<Tip> WithCurrentProjectionsAsync(Tip tip, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var events = await history.ReadAsync(tip, 1, tip.Next, meter, cancellationToken).ConfigureAwait(false);
        return new Tip
        {
            StreamId = tip.StreamId,
            First = tip.First,
            Next = tip.Next,
            Created = tip.Created,
            Updated = tip.Updated,
            HighWaterMarks = tip.HighWaterMarks,
            OlderIds = tip.OlderIds,
            States = folder.Rebuild(tip.States, events.Select(e => e.ToEnvelope()).ToList()),
            Buffer = tip.Buffer,
            ETag = tip.ETag,
        };
    }

    /// <summary>Reads the current tip, revalidating the cached copy with If-None-Match; returns null for an unknown stream.</summary>
    private async Task<(Tip? Tip, bool NotModified)> ReadTipAsync(string streamId, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var cached = cache.Get(streamId);
        var (outcome, tip) = await tips.ReadAsync(streamId, cached?.ETag, meter, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case TipReadOutcome.NotModified:
                return (cached, true);
            case TipReadOutcome.NotFound:
                cache.Remove(streamId);
                return (null, false);
            default:
                cache.Put(tip!);
                return (tip, false);
        }
    }

    private IEnumerable<IReadOnlyList<EventToAppend>> Chunks(IReadOnlyList<EventToAppend> events)
    {
        var chunk = new List<EventToAppend>();
        var bytes = 0;
        foreach (var item in events)
        {
            if (chunk.Count > 0 && (chunk.Count == options.MaxTipEvents || bytes + item.Event.Utf8.Length > options.MaxTipBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(item);
            bytes += item.Event.Utf8.Length;
        }

        yield return chunk;
    }
}
