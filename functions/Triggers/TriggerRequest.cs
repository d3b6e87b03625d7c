namespace Pipeline.Functions.Triggers;

/// <summary>Reads a trigger invocation request body.</summary>
internal static class TriggerRequest
{
    public static async Task<EventHubTriggerBatch> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return EventHubTriggerBatch.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
