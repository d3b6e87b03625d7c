using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipeline.Cli.Load;

/// <summary>
/// Offers events at a fixed rate (open loop: requests are due on a schedule, and time spent waiting for a free
/// connection counts as latency, so a slow server cannot hide behind a slow generator), spread over viewers by Zipf
/// popularity, retrying 429/503 after their Retry-After, and remembering every event for verification.
/// </summary>
internal sealed class LoadRunner
{
    private const string BatchContentType = "application/cloudevents-batch+json";
    private const string SingleContentType = "application/cloudevents+json";
    private static readonly Uri EventsUri = new("api/events", UriKind.Relative);

    private readonly LoadOptions options;
    private readonly HttpClient http;
    private readonly ViewerSession[] viewers;
    private readonly ZipfSampler popularity;
    private readonly ZipfSampler titles;
    private readonly Random random;
    private readonly SemaphoreSlim slots;
    private readonly int maxWaiting;
    private int waiting;

    public LoadRunner(LoadOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.http = http;
        var idPrefix = Guid.NewGuid().ToString("N")[..8] + "-";
        viewers = [.. Enumerable.Range(0, options.Streams).Select(rank => new ViewerSession(options.StreamId(rank), 1000, idPrefix))];
        popularity = new ZipfSampler(options.Streams, options.ZipfExponent);
        titles = new ZipfSampler(1000, 1.0);
        random = new Random(options.Seed);
        slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        maxWaiting = Math.Max(1000, options.Concurrency * 20);
        Watcher = new VisibilityWatcher(WatchedRanks(options.Streams, options.WatchedStreams).Select(options.StreamId), Statistics.VisibleLatency, (Statistics.VisibleLatencyFirstHalf, Statistics.VisibleLatencySecondHalf));
    }

    public LoadStatistics Statistics { get; } = new();

    public SentLedger Ledger { get; } = new();

    public VisibilityWatcher Watcher { get; }

    /// <summary>Streams that received at least one event.</summary>
    public IEnumerable<string> StreamIds => Ledger.StreamIds;

    /// <summary>Sends for the configured duration, then waits (bounded) for every request in flight.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Watcher.ReadBaselinesAsync(http, cancellationToken).ConfigureAwait(false);
        var watching = Watcher.RunAsync(http, stopWatching.Token);
        var inFlight = new List<Task>();
        var requestsPerSecond = options.EventsPerSecond / options.BatchSize;
        var intervalTicks = Stopwatch.Frequency / requestsPerSecond;
        var start = Stopwatch.GetTimestamp();
        Watcher.SetHalfway(start + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency / 2));
        var end = start + (long)(options.Duration.TotalSeconds * Stopwatch.Frequency);
        long index = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (start + (long)(index * intervalTicks) <= now)
            {
                var due = start + (long)(index * intervalTicks);
                if (due >= end)
                {
                    break;
                }

                inFlight.Add(SendAsync(index, due, cancellationToken));
                index++;
            }

            if (start + (long)(index * intervalTicks) >= end)
            {
                break;
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            var untilNext = TimeSpan.FromSeconds((start + (index * intervalTicks) - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            await Task.Delay(untilNext > TimeSpan.FromMilliseconds(1) ? untilNext : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        await WaitForWatchedAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        await stopWatching.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
    }

    /// <summary>Ranks spread over popularity, hot first (0, 1, 3, 7, …, then evenly), so the sample sees hot and cold streams.</summary>
    internal static IEnumerable<int> WatchedRanks(int streams, int count)
    {
        var ranks = new SortedSet<int>();
        for (var rank = 0; ranks.Count < count / 2 && rank < streams; rank = (rank * 2) + 1)
        {
            ranks.Add(rank);
        }

        for (var i = 1; ranks.Count < Math.Min(count, streams) && i <= count * 4; i++)
        {
            ranks.Add((int)((long)streams * i / (count + 1)) % streams);
        }

        return ranks.Take(count);
    }

    private async Task WaitForWatchedAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Watcher.Pending > 0 && DateTime.UtcNow < deadline && Statistics.EventsFailed == 0)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(long requestIndex, long dueTicks, CancellationToken cancellationToken)
    {
        var (body, events) = Draw(dueTicks);
        Statistics.Offered(events.Count);
        if (Interlocked.Increment(ref waiting) > maxWaiting)
        {
            Interlocked.Decrement(ref waiting);
            Statistics.Drop(events.Count);
            Record(events, requestIndex, dueTicks, 0, accepted: false);
            return;
        }

        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Decrement(ref waiting);
        var sentTicks = Stopwatch.GetTimestamp();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var (outcome, retryAfter) = await PostAsync(body, events.Count, cancellationToken).ConfigureAwait(false);
                if (outcome == "202")
                {
                    var ack = Stopwatch.GetTimestamp();
                    Statistics.RequestLatency.Record(Stopwatch.GetElapsedTime(dueTicks, ack).TotalMilliseconds);
                    Statistics.Outcome(outcome, events.Count, accepted: true);
                    Record(events, requestIndex, sentTicks, ack, accepted: true);
                    return;
                }

                if (retryAfter is { } wait && attempt < options.MaxAttempts)
                {
                    Statistics.Retried(outcome);
                    await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Statistics.Outcome(outcome, events.Count, accepted: false);
                Record(events, requestIndex, sentTicks, 0, accepted: false);
                return;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<(string Outcome, TimeSpan? RetryAfter)> PostAsync(byte[] body, int eventCount, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(eventCount == 1 && options.BatchSize == 1 ? SingleContentType : BatchContentType);
        try
        {
            using var response = await http.PostAsync(EventsUri, content, cancellationToken).ConfigureAwait(false);
            var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                return (status, RetryAfter(response.Headers.RetryAfter));
            }

            return (status, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ("timeout", null);
        }
        catch (HttpRequestException)
        {
            return ("connection", TimeSpan.FromSeconds(1));
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Draws the request's events (viewers by popularity) and writes the body; the scheduler calls it in due order, so sequence numbers follow send order.</summary>
    private (byte[] Body, List<(string Stream, string Id, long Sequence)> Events) Draw(long dueTicks)
    {
        var events = new List<(string, string, long)>(options.BatchSize);
        var buffer = new ArrayBufferWriter<byte>(options.BatchSize * (options.EventBytes + 64));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var batch = options.BatchSize > 1;
            if (batch)
            {
                writer.WriteStartArray();
            }

            lock (random)
            {
                for (var i = 0; i < options.BatchSize; i++)
                {
                    var viewer = viewers[popularity.Next(random)];
                    var (id, sequence) = viewer.Next(writer, random, titles, options.RunId, options.EventBytes);
                    events.Add((viewer.StreamId, id, sequence));
                    Watcher.Due(viewer.StreamId, sequence, dueTicks);
                }
            }

            if (batch)
            {
                writer.WriteEndArray();
            }
        }

        return (buffer.WrittenSpan.ToArray(), events);
    }

    private void Record(List<(string Stream, string Id, long Sequence)> events, long request, long sentTicks, long ackTicks, bool accepted)
    {
        foreach (var (stream, id, sequence) in events)
        {
            Ledger.Record(stream, new SentEvent(id, sequence, request, sentTicks, ackTicks, accepted));
        }
    }
}
