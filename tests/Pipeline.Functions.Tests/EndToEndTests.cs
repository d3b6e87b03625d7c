using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Cosmos;
using Pipeline.Core.Events;
using Pipeline.Core.Partitioning;
using Pipeline.Core.Projections;
using Pipeline.EventHubs;
using Pipeline.EventHubs.Producer;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests;

[Collection(LocalStackCollection.Name)]
public sealed class EndToEndTests(LocalStackFixture stack, ITestOutputHelper output)
{
    private static readonly TimeSpan ProjectionTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_stream_state_equals_the_fold_of_its_events_applied_once_in_order()
    {
        var random = new Random(42);
        var run = Guid.NewGuid().ToString("N")[..6];
        var streams = Enumerable.Range(0, 12).ToDictionary(i => $"viewer-{run}-{i}", _ => new List<JsonObject>());
        foreach (var (viewer, events) in streams)
        {
            events.AddRange(PlaybackEvents.Session(viewer, random));
            events.AddRange(PlaybackEvents.Session(viewer, random));
        }

        // Four lanes post concurrently; each lane owns a disjoint set of streams and posts their interleaved events in
        // random batch sizes one request after another, so every stream's order is the order it was posted in.
        var lanes = streams.Keys.Select((viewer, i) => (viewer, i)).GroupBy(x => x.i % 4, x => streams[x.viewer]).ToList();
        var plans = lanes.Select(lane => Requests(lane.ToList(), new Random(random.Next()))).ToList();
        await Task.WhenAll(plans.Select(async plan =>
        {
            foreach (var request in plan)
            {
                using var response = await stack.PostEventsAsync(PlaybackEvents.Batch(request));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }));

        foreach (var (viewer, events) in streams)
        {
            var state = await WaitForVersionAsync(viewer, events.Count);
            AssertStateIsFoldOf(state, events);
        }
    }

    [Fact]
    public async Task Ten_thousand_events_over_a_thousand_streams_are_each_applied_once()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        const int streamCount = 1000;
        const int eventsPerStream = 10;
        var viewers = Enumerable.Range(0, streamCount).Select(i => $"load-{run}-{i}").ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Eight concurrent lanes, each owning every eighth stream; a request carries one event of 100 streams, so a
        // stream's events are posted in order, one request after another.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async lane =>
        {
            var owned = viewers.Where((_, i) => i % 8 == lane).ToList();
            for (var n = 0; n < eventsPerStream; n++)
            {
                foreach (var chunk in owned.Chunk(100))
                {
                    var events = chunk.Select(v => PlaybackEvents.Event(v, "playback.heartbeat", new JsonObject { ["seconds"] = n + 1 })).ToList();
                    using var response = await stack.PostEventsAsync(PlaybackEvents.Batch(events));
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }
            }
        }));
        var posted = clock.Elapsed;

        foreach (var viewer in viewers)
        {
            var state = await WaitForVersionAsync(viewer, eventsPerStream);
            Assert.Equal(eventsPerStream, (long)state["version"]!);
            Assert.Equal(eventsPerStream, (long)state["projections"]!["summary"]!["state"]!["totalCount"]!);
        }

        // Reported, never asserted: the figures depend on the machine.
        output.WriteLine($"{streamCount * eventsPerStream} events accepted in {posted.TotalSeconds:0.0} s, all streams projected after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_stream_read_is_revalidated_with_its_etag()
    {
        var viewer = "viewer-etag-" + Guid.NewGuid().ToString("N")[..6];
        var events = PlaybackEvents.Session(viewer, new Random(3));
        Assert.Equal(HttpStatusCode.Accepted, (await stack.PostEventsAsync(PlaybackEvents.Batch(events))).StatusCode);
        await WaitForVersionAsync(viewer, events.Count);

        using var first = await stack.Client.GetAsync($"api/streams/{viewer}");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, $"api/streams/{viewer}");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await stack.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var page = await stack.Client.GetAsync($"api/streams/{viewer}/events?from=2&count=3");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var history = JsonNode.Parse(await page.Content.ReadAsStringAsync())!["events"]!.AsArray();
        Assert.Equal(events.Skip(1).Take(3).Select(e => (string)e["id"]!), history.Select(e => (string)e!["event"]!["id"]!));
        Assert.Equal([2L, 3L, 4L], history.Select(e => (long)e!["version"]!));
    }

    [Fact]
    public async Task Unknown_streams_are_404_and_bad_parameters_400()
    {
        using var missing = await stack.Client.GetAsync("api/streams/nobody-" + Guid.NewGuid().ToString("N"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var badCount = await stack.Client.GetAsync("api/streams/anyone/events?count=0");
        Assert.Equal(HttpStatusCode.BadRequest, badCount.StatusCode);
        using var badFrom = await stack.Client.GetAsync("api/streams/anyone/events?from=x");
        Assert.Equal(HttpStatusCode.BadRequest, badFrom.StatusCode);
    }

    [Fact]
    public async Task A_poison_event_is_dead_lettered_and_its_neighbours_are_applied()
    {
        var viewer = "viewer-poison-" + Guid.NewGuid().ToString("N")[..6];
        var before = PlaybackEvents.Event(viewer, "playback.started", new JsonObject { ["titleId"] = "t1" });
        var after = PlaybackEvents.Event(viewer, "playback.heartbeat", new JsonObject { ["seconds"] = 7 });
        const string poison = "{\"this is\": \"not a CloudEvent\"}";

        // Ingest validates, so a poison event can only come from another producer on the hub.
        await using (var producer = new EventHubProducerClient(stack.EventHubs.GetConnectionString(), LocalStackFixture.HubName))
        {
            await producer.SendAsync(
                [new EventData(before.ToJsonString()), new EventData(poison), new EventData(after.ToJsonString())],
                new SendEventOptions { PartitionKey = viewer });
        }

        var state = await WaitForVersionAsync(viewer, 2);
        AssertStateIsFoldOf(state, [before, after]);

        var partitionId = PartitionKeyMapper.GetPartitionIndex(viewer, LocalStackFixture.PartitionCount).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var container = stack.CosmosClient.GetContainer(stack.StoreOptions.DatabaseName, stack.StoreOptions.DeadLettersContainer);
        var letters = await Eventually.ReturnsAsync(
            async () =>
            {
                var found = new List<JsonNode>();
                using var iterator = container.GetItemQueryStreamIterator("SELECT * FROM c", requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partitionId) });
                while (iterator.HasMoreResults)
                {
                    using var response = await iterator.ReadNextAsync();
                    var page = await JsonNode.ParseAsync(response.Content);
                    found.AddRange(page!["Documents"]!.AsArray().Where(d => Encoding.UTF8.GetString(Convert.FromBase64String((string)d!["body"]!)) == poison)!);
                }

                return found;
            },
            f => f.Count > 0,
            what: "the poison event's dead letter");
        var letter = Assert.Single(letters);
        Assert.Equal(partitionId, (string?)letter["partitionId"]);
        Assert.Contains("CloudEvent", (string?)letter["reason"], StringComparison.Ordinal);
        Assert.True((long)letter["sequenceNumber"]! >= 0);
    }

    [Fact]
    public async Task Every_batch_is_archived_as_gzipped_json_lines_per_partition_and_sequence_range()
    {
        var viewer = "viewer-archive-" + Guid.NewGuid().ToString("N")[..6];
        var events = PlaybackEvents.Session(viewer, new Random(5));
        Assert.Equal(HttpStatusCode.Accepted, (await stack.PostEventsAsync(PlaybackEvents.Batch(events))).StatusCode);
        var partitionId = PartitionKeyMapper.GetPartitionIndex(viewer, LocalStackFixture.PartitionCount);
        var ids = events.Select(e => (string)e["id"]!).ToHashSet();

        var archived = await Eventually.ReturnsAsync(
            async () =>
            {
                var container = stack.Blobs.GetBlobContainerClient("archive");
                var found = new HashSet<string>();
                if (!await container.ExistsAsync())
                {
                    return found;
                }

                await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{LocalStackFixture.HubName}/{partitionId}/", CancellationToken.None))
                {
                    Assert.Matches(@"^events/\d+/\d{4}/\d{2}/\d{2}/\d{2}/\d+-\d+\.jsonl\.gz$", blob.Name);
                    var download = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value;
                    Assert.Equal("gzip", download.Details.ContentEncoding);
                    Assert.Equal("application/x-ndjson", download.Details.ContentType);
                    using var gunzip = new StreamReader(new GZipStream(download.Content.ToStream(), CompressionMode.Decompress));
                    var content = await gunzip.ReadToEndAsync();
                    foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var body = (string)JsonNode.Parse(line)!["body"]!;
                        if (JsonNode.Parse(body) is JsonObject e && e["id"] is JsonValue id && ids.Contains((string)id!))
                        {
                            found.Add((string)id!);
                        }
                    }
                }

                return found;
            },
            f => f.Count == ids.Count,
            ProjectionTimeout,
            "the archived events");
        Assert.Equal(ids.Order(), archived.Order());
    }

    private static List<List<JsonObject>> Requests(List<List<JsonObject>> streams, Random random)
    {
        var queues = streams.Select(e => new Queue<JsonObject>(e)).ToList();
        var interleaved = new List<JsonObject>();
        while (queues.Any(q => q.Count > 0))
        {
            var open = queues.Where(q => q.Count > 0).ToList();
            interleaved.Add(open[random.Next(open.Count)].Dequeue());
        }

        var requests = new List<List<JsonObject>>();
        for (var i = 0; i < interleaved.Count;)
        {
            var size = Math.Min(random.Next(1, 25), interleaved.Count - i);
            requests.Add(interleaved.GetRange(i, size));
            i += size;
        }

        return requests;
    }

    private async Task<JsonNode> WaitForVersionAsync(string streamId, long version) =>
        await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await stack.Client.GetAsync($"api/streams/{streamId}");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            },
            s => s is not null && (long)s["version"]! >= version,
            ProjectionTimeout,
            $"stream {streamId} at version {version}") ?? throw new InvalidOperationException("unreachable");

    private static void AssertStateIsFoldOf(JsonNode state, IReadOnlyList<JsonObject> events)
    {
        Assert.Equal(events.Count, (long)state["version"]!);
        var envelopes = events.Select(e => CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(e.ToJsonString()))).ToList();
        foreach (var projection in ProjectionRegistry.CreateDefault().All)
        {
            var expected = JsonNode.Parse(projection.SerializeState(projection.Fold(projection.CreateInitialState(), envelopes)));
            var actual = state["projections"]![projection.Name]!["state"];
            Assert.True(JsonNode.DeepEquals(expected, actual), $"{projection.Name}: expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
        }
    }
}
