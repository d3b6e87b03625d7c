using System.Buffers;

namespace Pipeline.Functions.Triggers;

/// <summary>Reads a trigger invocation request body.</summary>
internal static class TriggerRequest
{
    /// <summary>Reads the host's invocation envelope, or yields the 400 problem that a malformed one gets.</summary>
    public static async Task<(EventHubTriggerBatch? Batch, IResult? Problem)> ReadOrProblemAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return (await ReadAsync(request, cancellationToken).ConfigureAwait(false), null);
        }
        catch (FormatException malformed)
        {
            return (null, Results.Problem(detail: malformed.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not an Event Hubs trigger invocation"));
        }
    }

    public static async Task<EventHubTriggerBatch> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // Envelopes run to a megabyte (a thousand 1 KB events): read into one pooled array sized by Content-Length
        // instead of a growing MemoryStream that reallocates on the large-object heap.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? 0, 4096, Array.MaxLength));
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            return EventHubTriggerBatch.Parse(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
