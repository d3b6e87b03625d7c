using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipeline.Cli.Load;

/// <summary>
/// Measures POST → state visible on a sample of streams: it remembers when each event for a watched stream was due and
/// polls the stream's state with If-None-Match (a 304 costs the app one point read and no body); when the version
/// reaches an event's sequence number, that event is visible. Sampling keeps the polling load small and constant.
/// </summary>
internal sealed class VisibilityWatcher
{
    // 50 ms: fine enough against a 1 s target; 16 watched streams add at most ~320 point reads/s to the app under test,
    // and only while they have events not yet visible.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<string, Watched> watched;
    private readonly LatencyHistogram latency;
    private readonly (LatencyHistogram First, LatencyHistogram Second)? halves;
    private long halfwayTicks = long.MaxValue;

    public VisibilityWatcher(IEnumerable<string> streamIds, LatencyHistogram latency, (LatencyHistogram First, LatencyHistogram Second)? halves = null)
    {
        watched = streamIds.ToDictionary(id => id, _ => new Watched(), StringComparer.Ordinal);
        this.latency = latency;
        this.halves = halves;
    }

    /// <summary>Events due before this timestamp count in the first half, the rest in the second.</summary>
    public void SetHalfway(long ticks) => Volatile.Write(ref halfwayTicks, ticks);

    public bool IsWatched(string streamId) => watched.ContainsKey(streamId);

    /// <summary>Notes that event <paramref name="sequence"/> of a watched stream was due at <paramref name="dueTicks"/>.</summary>
    public void Due(string streamId, long sequence, long dueTicks)
    {
        if (watched.TryGetValue(streamId, out var stream))
        {
            lock (stream)
            {
                stream.Pending.Enqueue((sequence, dueTicks));
            }
        }
    }

    /// <summary>Reads each watched stream's version before sending starts: a stream that already has events (an earlier run on the same streams) counts from there.</summary>
    public async Task ReadBaselinesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var reader = new StreamReader(http);
        foreach (var (id, stream) in watched)
        {
            stream.Baseline = await reader.ReadVersionAsync(id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Polls every watched stream until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(HttpClient http, CancellationToken cancellationToken) =>
        Task.WhenAll(watched.Select(w => PollAsync(http, w.Key, w.Value, cancellationToken)));

    /// <summary>Events still waiting to become visible on the watched streams.</summary>
    public int Pending => watched.Values.Sum(w => { lock (w) { return w.Pending.Count; } });

    private async Task PollAsync(HttpClient http, string streamId, Watched stream, CancellationToken cancellationToken)
    {
        string? etag = null;
        var uri = new Uri($"api/streams/{Uri.EscapeDataString(streamId)}", UriKind.Relative);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                // Nothing due on this stream: nothing to time, so no request. Each poll costs the stack under test a
                // forwarded GET and a point read, which at low rates outweighed the events being measured.
                if (etag is not null && !HasPending(stream))
                {
                    await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                if (etag is not null)
                {
                    request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
                }

                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    etag = response.Headers.ETag?.ToString();
                    using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
                    var version = document.RootElement.GetProperty("version").GetInt64();
                    lock (stream)
                    {
                        while (stream.Pending.TryPeek(out var next) && next.Sequence <= version - stream.Baseline)
                        {
                            stream.Pending.Dequeue();
                            var milliseconds = Stopwatch.GetElapsedTime(next.DueTicks, now).TotalMilliseconds;
                            latency.Record(milliseconds);
                            if (halves is var (first, second))
                            {
                                (next.DueTicks < Volatile.Read(ref halfwayTicks) ? first : second).Record(milliseconds);
                            }
                        }
                    }
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The app is restarting or saturated; the next poll tells.
            }
        }
    }

    private static bool HasPending(Watched stream)
    {
        lock (stream)
        {
            return stream.Pending.Count > 0;
        }
    }

    private sealed class Watched
    {
        public Queue<(long Sequence, long DueTicks)> Pending { get; } = new();

        /// <summary>The stream's version before this run sent anything.</summary>
        public long Baseline { get; set; }
    }
}
