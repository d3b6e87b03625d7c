using Pipeline.Cosmos;
using Pipeline.Cosmos.DeadLetters;

namespace Pipeline.Functions.Projection;

/// <summary>
/// What the projector writes through, and how many streams it appends at a time. With bulk execution
/// (<c>CosmosDb__bulkExecution</c>) these stores sit on a client of their own that groups concurrent tip writes into batch
/// requests, so many streams at once cost few requests; the query endpoints keep the point-request client, whose reads
/// do not wait for a batch to fill.
/// </summary>
internal sealed class ProjectionStores(CosmosEventStore events, DeadLetterStore deadLetters, int maxConcurrentStreams)
{
    /// <summary>
    /// Streams appended at a time over point requests: a batch of 1 000 events (host.json maxEventBatchSize) spans ~150
    /// streams, and the SDK's gateway pool allows 50 connections.
    /// </summary>
    public const int PointRequestConcurrency = 32;

    /// <summary>Over bulk execution every stream of a batch at once: the more operations wait together, the fuller each batch request.</summary>
    public const int BulkConcurrency = 256;

    public CosmosEventStore Events { get; } = events;

    public DeadLetterStore DeadLetters { get; } = deadLetters;

    public int MaxConcurrentStreams { get; } = maxConcurrentStreams;
}
