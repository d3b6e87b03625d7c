using System.Net;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// Answers every item read with one recorded emulator response, without a socket, and passes everything else on:
/// what the SDK then spends per read is its own work, with no server and no network in the figure.
/// </summary>
internal sealed class CannedReadHandler(HttpMessageHandler inner, HttpStatusCode status, IReadOnlyList<KeyValuePair<string, string>> headers, byte[] body)
    : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get || request.RequestUri?.AbsolutePath.Contains("/docs/", StringComparison.Ordinal) != true)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // A socket completes asynchronously; so does this, or 64 "concurrent" tasks would run one after another.
        await Task.Yield();
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(body), RequestMessage = request };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
