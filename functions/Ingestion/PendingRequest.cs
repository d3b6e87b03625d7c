using Pipeline.Core.Events;

namespace Pipeline.Functions.Ingestion;

/// <summary>One request's validated events waiting for the batcher, and the task its HTTP response awaits.</summary>
internal sealed class PendingRequest(IReadOnlyList<CloudEventEnvelope> events, string? traceParent)
{
    private readonly TaskCompletionSource completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? failure;

    public IReadOnlyList<CloudEventEnvelope> Events { get; } = events;

    public string? TraceParent { get; } = traceParent;

    /// <summary>When ingest accepted the request: the start of the POST-to-applied latency.</summary>
    public DateTimeOffset AcceptedAt { get; } = DateTimeOffset.UtcNow;

    public Task Completion => completion.Task;

    /// <summary>Records a failed send of some of this request's events; the first failure is what the client hears about.</summary>
    public void Fail(Exception exception) => Interlocked.CompareExchange(ref failure, exception, null);

    /// <summary>Completes the request once every send that carried its events has finished.</summary>
    public void Finish()
    {
        if (failure is null)
        {
            completion.TrySetResult();
        }
        else
        {
            completion.TrySetException(failure);
        }
    }
}
