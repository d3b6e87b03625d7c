using System.Diagnostics;
using Microsoft.Extensions.Options;
using Pipeline.Core.Events;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.Http;
using Pipeline.Functions.Telemetry;

namespace Pipeline.Functions.Ingestion;

/// <summary><c>POST /api/events</c>: validates one event or a batch and answers 202 only after Event Hubs accepted every event.</summary>
internal static partial class IngestEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost("/api/events", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpRequest request, EventBatcher batcher, IOptions<IngestSettings> settings, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var limits = settings.Value;
        var logger = loggers.CreateLogger("Pipeline.Functions.Ingest");
        if (CloudEventContentType.Classify(request.ContentType) == CloudEventContentMode.Unsupported)
        {
            return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Content-Type '{request.ContentType}' is not accepted; send {CloudEventContentType.Structured}, {CloudEventContentType.Batch} or {CloudEventContentType.Json}.");
        }

        if (request.ContentLength > limits.MaxRequestBytes)
        {
            return TooLarge(request.ContentLength.Value, limits.MaxRequestBytes);
        }

        var body = await ReadBodyAsync(request, limits.MaxRequestBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return TooLarge(null, limits.MaxRequestBytes);
        }

        FunctionMetrics.IngestRequestBytes.Record(body.Value.Length);
        var validation = new EventValidationOptions { MaxEventBytes = limits.MaxEventBytes, MaxBatchEvents = limits.MaxBatchEvents, MaxBatchBytes = limits.MaxRequestBytes };
        var parsed = CloudEventParser.Parse(body.Value, request.ContentType, validation);
        switch (parsed.Status)
        {
            case ParseStatus.UnsupportedMediaType:
                Count("rejected", "unsupportedMediaType", 1);
                return Problem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", parsed.Problems[0].Detail);
            case ParseStatus.TooLarge:
                Count("rejected", "tooLarge", Math.Max(1, parsed.Events.Count));
                return Problem.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", parsed.Problems[0].Detail, Errors(parsed));
            case ParseStatus.MalformedJson:
            case ParseStatus.Invalid:
                LogRejected(logger, parsed.Problems.Count);
                Count("rejected", parsed.Status == ParseStatus.MalformedJson ? "malformedJson" : "invalid", Math.Max(1, parsed.Events.Count));
                return Problem.Of(StatusCodes.Status400BadRequest, "Invalid CloudEvents",
                    $"{parsed.Problems.Count} problem(s) found; nothing was accepted. Fix every listed problem and send the request again.", Errors(parsed));
        }

        if (parsed.Events.Count == 0)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "Empty batch", "The batch holds no events.");
        }

        try
        {
            await batcher.PublishAsync(parsed.Events, TraceParent(request), cancellationToken).ConfigureAwait(false);
        }
        catch (PublishFailedException failed)
        {
            Count(failed.Failure switch { PublishFailure.Throttled => "throttled", PublishFailure.TooLarge => "too_large", _ => "unavailable" }, null, parsed.Events.Count);
            return failed.Failure switch
            {
                PublishFailure.Throttled => Throttled(request.HttpContext, limits.ThrottledRetryAfterSeconds, failed.Message),
                PublishFailure.TooLarge => Problem.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large", failed.Message),
                _ => Problem.Of(StatusCodes.Status503ServiceUnavailable, "Event Hubs unavailable", failed.Message),
            };
        }

        LogAccepted(logger, parsed.Events.Count);
        Count("accepted", null, parsed.Events.Count);
        return Results.Json(new AcceptedEvents([.. parsed.Events.Select(e => e.Id)]), statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The W3C trace context to stamp on the events: the request's activity, else the caller's traceparent header.</summary>
    private static string? TraceParent(HttpRequest request) =>
        Activity.Current?.Id is { } id && Activity.Current.IdFormat == ActivityIdFormat.W3C
            ? id
            : request.Headers["traceparent"].FirstOrDefault();

    /// <summary>Reads the body up to the limit; null when it is longer (chunked bodies have no Content-Length to check first).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static void Count(string outcome, string? reason, int events) =>
        FunctionMetrics.IngestEvents.Add(events, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("reason", reason ?? "none"));

    private static IResult TooLarge(long? length, int limit) =>
        Problem.Of(StatusCodes.Status413PayloadTooLarge, "Payload too large",
            length is { } l ? $"The body is {l} bytes; the limit is {limit}." : $"The body is larger than the limit of {limit} bytes.");

    private static IResult Throttled(HttpContext context, int retryAfterSeconds, string detail)
    {
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problem.Of(StatusCodes.Status429TooManyRequests, "Too many requests", detail);
    }

    private static Dictionary<string, object?> Errors(ParseResult parsed) => new()
    {
        ["errors"] = parsed.Problems.Select(p => new ProblemEntry(p.Index, p.Attribute, p.Reason, p.Detail)).ToList(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a request with {ProblemCount} problem(s)")]
    private static partial void LogRejected(ILogger logger, int problemCount);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Accepted {EventCount} event(s)")]
    private static partial void LogAccepted(ILogger logger, int eventCount);

    /// <summary>The 202 body: the ids of the accepted events, in request order.</summary>
    private sealed record AcceptedEvents(IReadOnlyList<string> Ids);

    /// <summary>One entry of the 400 problem's <c>errors</c> list.</summary>
    private sealed record ProblemEntry(int Index, string? Attribute, ValidationReason Reason, string Detail);
}
