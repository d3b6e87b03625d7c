using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pipeline.Cosmos;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;
using Pipeline.Functions.Http;

namespace Pipeline.Functions.StreamQueries;

/// <summary>
/// <c>GET /api/streams/{id}</c> (every projection's state with the stream's version, revalidated with ETag / 304) and
/// <c>GET /api/streams/{id}/events?from=&amp;count=</c> (the stream's history, one page at a time).
/// </summary>
internal static class StreamEndpoints
{
    public const int MaxPageSize = 1000;

    // Responses are application/json, never embedded in HTML, so '+' in timestamps need not be escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/streams/{id}", GetStateAsync);
        endpoints.MapGet("/api/streams/{id}/events", GetEventsAsync);
    }

    private static async Task<IResult> GetStateAsync(string id, HttpRequest request, CosmosEventStore store, CancellationToken cancellationToken)
    {
        StreamReadResult read;
        try
        {
            read = await store.ReadStreamAsync(Uri.UnescapeDataString(id), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidStreamIdException invalid)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "Invalid stream id", invalid.Message);
        }

        if (read.State is not { } state)
        {
            return NotFound(id);
        }

        var etag = Quote(state.ETag);
        request.HttpContext.Response.Headers.ETag = etag;
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Select(t => t.Trim()).Any(t => t == etag || t == "*")))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(StateJson(state), "application/json");
    }

    private static async Task<IResult> GetEventsAsync(string id, HttpRequest request, CosmosEventStore store, CancellationToken cancellationToken)
    {
        if (!TryReadLong(request, "from", 1, out var from) || from < 1)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "Invalid parameter", "'from' must be a version of 1 or more.");
        }

        if (!TryReadLong(request, "count", 100, out var count) || count is < 1 or > MaxPageSize)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "Invalid parameter", $"'count' must be between 1 and {MaxPageSize}.");
        }

        EventPage page;
        try
        {
            page = await store.ReadEventsAsync(Uri.UnescapeDataString(id), from, (int)count, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidStreamIdException invalid)
        {
            return Problem.Of(StatusCodes.Status400BadRequest, "Invalid stream id", invalid.Message);
        }

        return page.StreamFound ? Results.Bytes(PageJson(id, page), "application/json") : NotFound(id);
    }

    private static IResult NotFound(string id) =>
        Problem.Of(StatusCodes.Status404NotFound, "Stream not found", $"There is no stream '{id}'.");

    private static string Quote(string etag) => etag.StartsWith('"') ? etag : $"\"{etag}\"";

    private static bool TryReadLong(HttpRequest request, string name, long fallback, out long value)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static byte[] StateJson(StreamState state)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("streamId", state.StreamId);
            writer.WriteNumber("version", state.Version);
            writer.WriteString("created", state.Created);
            writer.WriteString("updated", state.Updated);
            writer.WriteStartObject("projections");
            foreach (var projection in state.Projections)
            {
                writer.WriteStartObject(projection.Name);
                writer.WriteNumber("version", projection.Version);
                writer.WritePropertyName("state");
                writer.WriteRawValue(projection.Json.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] PageJson(string id, EventPage page)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("streamId", id);
            writer.WriteNumber("streamVersion", page.StreamVersion);
            writer.WriteNumber("nextVersion", page.NextVersion);
            writer.WriteBoolean("endOfStream", page.IsEndOfStream);
            writer.WriteStartArray("events");
            foreach (var stored in page.Events)
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", stored.Version);
                writer.WritePropertyName("event");
                writer.WriteRawValue(stored.Utf8.Span, skipInputValidation: true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
