using System.Net;
using System.Text.Json;

namespace Pipeline.Cli.Load;

/// <summary>Reads streams back through the query API: the current version (<c>GET /api/streams/{id}</c>) and the whole history, page by page.</summary>
internal sealed class StreamReader(HttpClient http)
{
    public const int PageSize = 1000;

    /// <summary>The stream's version; 0 while it does not exist yet.</summary>
    public async Task<long> ReadVersionAsync(string streamId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"api/streams/{Uri.EscapeDataString(streamId)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return 0;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>Every event of the stream in stream order (empty for an unknown stream).</summary>
    public async Task<IReadOnlyList<ObservedEvent>> ReadHistoryAsync(string streamId, CancellationToken cancellationToken)
    {
        var events = new List<ObservedEvent>();
        long from = 1;
        while (true)
        {
            using var response = await http.GetAsync(new Uri($"api/streams/{Uri.EscapeDataString(streamId)}/events?from={from}&count={PageSize}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return events;
            }

            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            var page = document.RootElement;
            foreach (var item in page.GetProperty("events").EnumerateArray())
            {
                events.Add(new ObservedEvent(item.GetProperty("event").GetProperty("id").GetString()!, item.GetProperty("version").GetInt64()));
            }

            var next = page.GetProperty("nextVersion").GetInt64();
            if (page.GetProperty("endOfStream").GetBoolean() || next <= from)
            {
                return events;
            }

            from = next;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"{(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.RequestUri}: {body}", null, response.StatusCode);
        }
    }
}
