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
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return EventHubTriggerBatch.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
