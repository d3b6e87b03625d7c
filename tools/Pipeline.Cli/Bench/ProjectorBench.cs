using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Pipeline.Cli.Load;
using Pipeline.Core.Events;
using Pipeline.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Streams;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Primitives;
using Pipeline.EventHubs.Producer;

namespace Pipeline.Cli.Bench;

/// <summary>
/// Projector only: the same events, already in Event Hubs (1 KB media-streaming events over Zipf-popular viewers),
/// projected into the same Cosmos DB emulator twice — by our projector's write path (each Event Hubs batch of up to 2 000
/// grouped by stream, one conditional write per stream through src/Pipeline.Cosmos) and by a naive projector (one
/// upsert per event) — each reading with its own consumer group. Rate, RU per event and writes per event side by side.
/// </summary>
internal static class ProjectorBench
{
    private const int MaxBatch = 2000;           // host.json maxEventBatchSize
    private const int Prefetch = 4000;           // host.json prefetchCount
    private const int MaxConcurrentStreams = 32; // the naive projector's upserts at a time
    private const int BulkConcurrency = 256;     // the function app's Projector: streams at a time with bulk execution
    private const string NaiveContainer = "naive";

    public static async Task<(ProjectorFigures Ours, ProjectorFigures Naive)> RunAsync(LocalTopology topology, int events, int streams, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var connection = topology.EventHubs.GetConnectionString(LocalTopology.HubName);
        var partitions = await FillAsync(connection, events, streams, cancellationToken).ConfigureAwait(false);
        using var client = CosmosClientFactory.Create(topology.StoreOptions);
        var container = (await client.GetDatabase(topology.StoreOptions.DatabaseName).CreateContainerIfNotExistsAsync(NaiveContainer, "/streamId", cancellationToken: cancellationToken).ConfigureAwait(false)).Container;
        // As the function app does: each append's first request through a bulk-execution client, the rest as point requests.
        var bulkOptions = topology.StoreOptions.WithBulkExecution();
        using var bulkClient = CosmosClientFactory.Create(bulkOptions);
        var store = new CosmosEventStore(client, topology.StoreOptions, bulkClient);

        var ours = await ProjectAsync("our projector (write per stream per batch)", connection, "projector", partitions, limit, async (partition, batch, token) =>
        {
            var groups = batch.Select(e => new EventToAppend(CloudEventParser.ParseEvent(e.Body), new EventHubsPosition(partition, e.SequenceNumber)))
                .GroupBy(e => e.Event.Subject, StringComparer.Ordinal);
            double charge = 0;
            int writes = 0;
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = BulkConcurrency, CancellationToken = token }, async (group, ct) =>
            {
                var result = await store.AppendAsync(group.Key, ExpectedVersion.Any, group.ToList(), ct).ConfigureAwait(false);
                lock (groups)
                {
                    charge += result.RequestCharge;
                    writes += result.DocumentWrites;
                }
            }).ConfigureAwait(false);
            return (charge, writes);
        }, cancellationToken).ConfigureAwait(false);

        var naive = await ProjectAsync("naive projector (upsert per event)", connection, "archive", partitions, limit, async (partition, batch, token) =>
        {
            double charge = 0;
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentStreams, CancellationToken = token }, async (e, ct) =>
            {
                var envelope = CloudEventParser.ParseEvent(e.Body);
                using var response = await container.UpsertItemStreamAsync(new MemoryStream(NaiveDocument(envelope, e.Body.Span)), new PartitionKey(envelope.Subject), new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct).ConfigureAwait(false);
                if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
                {
                    throw new InvalidOperationException($"Naive upsert failed: {(int)response.StatusCode} {response.ErrorMessage}");
                }

                lock (batch)
                {
                    charge += response.Headers.RequestCharge;
                }
            }).ConfigureAwait(false);
            return (charge, batch.Count);
        }, cancellationToken).ConfigureAwait(false);
        return (ours, naive);
    }

    /// <summary>The CloudEvent with <c>streamId</c> and a unique <c>id</c>: what a naive writer stores per event.</summary>
    private static byte[] NaiveDocument(CloudEventEnvelope envelope, ReadOnlySpan<byte> cloudEvent)
    {
        using var original = JsonDocument.Parse(cloudEvent.ToArray());
        var buffer = new ArrayBufferWriter<byte>(cloudEvent.Length + 128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", envelope.Id);
            writer.WriteString("streamId", envelope.Subject);
            writer.WritePropertyName("event");
            original.RootElement.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Sends the events, keyed by viewer as ingest does; returns the partitions and how many events each holds.</summary>
    private static async Task<IReadOnlyDictionary<string, long>> FillAsync(string connection, int events, int streams, CancellationToken cancellationToken)
    {
        await using var producer = new EventHubProducerClient(connection);
        var partitionIds = await producer.GetPartitionIdsAsync(cancellationToken).ConfigureAwait(false);
        var viewers = Enumerable.Range(0, streams).Select(rank => new ViewerSession($"projector-bench-{rank:D5}", 1000)).ToArray();
        var popularity = new ZipfSampler(streams, 1.0);
        var titles = new ZipfSampler(1000, 1.0);
        var random = new Random(3);
        var byPartition = partitionIds.ToDictionary(p => p, _ => new List<byte[]>());
        for (var i = 0; i < events; i++)
        {
            var rank = popularity.Next(random);
            var buffer = new ArrayBufferWriter<byte>(1100);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                viewers[rank].Next(writer, random, titles, "bench", 1024);
            }

            byPartition[partitionIds[rank % partitionIds.Length]].Add(buffer.WrittenSpan.ToArray());
        }

        foreach (var (partition, bodies) in byPartition)
        {
            var index = 0;
            while (index < bodies.Count)
            {
                using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = partition }, cancellationToken).ConfigureAwait(false);
                while (index < bodies.Count && batch.TryAdd(new EventData(bodies[index])))
                {
                    index++;
                }

                await producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }

        return byPartition.ToDictionary(p => p.Key, p => (long)p.Value.Count);
    }

    private static async Task<ProjectorFigures> ProjectAsync(
        string name, string connection, string consumerGroup, IReadOnlyDictionary<string, long> partitions, TimeSpan limit,
        Func<string, List<EventData>, CancellationToken, Task<(double Charge, int Writes)>> apply, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        var cpuBefore = MachineLoad.ProcessCpuSeconds();
        var clock = Stopwatch.StartNew();
        long applied = 0, writes = 0;
        double charge = 0;
        var gate = new object();
        await Task.WhenAll(partitions.Where(p => p.Value > 0).Select(async partition =>
        {
            await using var receiver = new PartitionReceiver(consumerGroup, partition.Key, EventPosition.Earliest, connection, new PartitionReceiverOptions { PrefetchCount = Prefetch });
            long done = 0;
            try
            {
                while (done < partition.Value)
                {
                    var batch = (await receiver.ReceiveBatchAsync(MaxBatch, TimeSpan.FromSeconds(5), timeout.Token).ConfigureAwait(false)).ToList();
                    if (batch.Count == 0)
                    {
                        continue;
                    }

                    var (batchCharge, batchWrites) = await apply(partition.Key, batch, timeout.Token).ConfigureAwait(false);
                    done += batch.Count;
                    lock (gate)
                    {
                        applied += batch.Count;
                        charge += batchCharge;
                        writes += batchWrites;
                    }
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // Bounded by --duration: report what was applied in time.
            }
        })).ConfigureAwait(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = MachineLoad.ProcessCpuSeconds() - cpuBefore;
        return new ProjectorFigures(name, applied, applied / seconds, applied == 0 ? 0 : charge / applied, applied == 0 ? 0 : (double)writes / applied, applied / Math.Max(0.01, cpu));
    }

    internal static string Describe(ProjectorFigures f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Projector}: {f.Events:N0} events, {f.EventsPerSecond:N0} events/s, {f.RuPerEvent:0.##} RU/event, {f.WritesPerEvent:0.###} writes/event");
}
