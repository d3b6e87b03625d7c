using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Pipeline.Emulators.FunctionsHost.Invocation;

/// <summary>
/// Sends invocations to the handler the way the Functions host does: JSON envelopes to
/// <c>POST /&lt;FunctionName&gt;</c> and raw forwarded requests, with the host's invocation headers.
/// Thread-safe; one per host.
/// </summary>
internal sealed class HandlerInvoker : IDisposable
{
    internal const string HostVersion = "4.1040.0";
    internal const string InvocationIdHeader = "X-Azure-Functions-InvocationId";
    internal const string HostVersionHeader = "X-Azure-Functions-HostVersion";
    internal const string UserAgent = "Azure-Functions-Host/" + HostVersion;

    private readonly HttpClient _client;
    private readonly Handler.HandlerSupervisor _handler;
    private readonly ILogger _logger;

    public HandlerInvoker(Handler.HandlerSupervisor handler, ILogger logger)
    {
        _handler = handler;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = handler.BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>POSTs an envelope to the function's path; a non-2xx reply fails the invocation, as in Azure.</summary>
    public async Task<InvocationResult> InvokeAsync(string functionName, JsonObject envelope, Guid invocationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = EventHubs.EventTriggerPayload.HostJson.Encoder }))
        {
            envelope.WriteTo(writer);
        }

        return await InvokeAsync(functionName, buffer.WrittenMemory, invocationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs an envelope already written as UTF-8 JSON; the caller keeps <paramref name="utf8Envelope"/> alive until this completes.</summary>
    public async Task<InvocationResult> InvokeAsync(string functionName, ReadOnlyMemory<byte> utf8Envelope, Guid invocationId, CancellationToken cancellationToken)
    {
        await _handler.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        using var content = new ReadOnlyMemoryContent(utf8Envelope);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri.EscapeDataString(functionName)) { Content = content };
        AddHostHeaders(request, invocationId);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new HandlerInvocationException(functionName, null, $"Function '{functionName}': the handler could not be reached: {e.Message}", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HandlerInvocationException(
                    functionName,
                    (int)response.StatusCode,
                    $"Function '{functionName}': the handler answered {(int)response.StatusCode} {response.ReasonPhrase}: {Truncate(body)}");
            }

            var result = InvocationResult.Parse(functionName, body);
            foreach (var line in result.Logs)
            {
                _logger.LogInformation("[{Function}] {Log}", functionName, line);
            }

            return result;
        }
    }

    /// <summary>Sends a forwarded request and returns the handler's response unbuffered; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, Guid invocationId, CancellationToken cancellationToken)
    {
        await _handler.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        AddHostHeaders(request, invocationId);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    public Uri BaseAddress => _handler.BaseAddress;

    public void Dispose() => _client.Dispose();

    private static void AddHostHeaders(HttpRequestMessage request, Guid invocationId)
    {
        request.Headers.Remove(InvocationIdHeader);
        request.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId.ToString());
        request.Headers.Remove(HostVersionHeader);
        request.Headers.TryAddWithoutValidation(HostVersionHeader, HostVersion);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Azure-Functions-Host", HostVersion));
    }

    private static string Truncate(string body) => body.Length <= 500 ? body : body[..500] + "…";
}
