namespace Pipeline.Cosmos.Configuration;

/// <summary>
/// Hooks the store calls at points of the write path where a process could die, so tests can prove the store still
/// reads correctly after such a crash; a hook "crashes" the append by throwing.
/// </summary>
public sealed class StoreFaultInjection
{
    /// <summary>Called after a batch document was created and before the tip is replaced, with the stream id and the batch's first version.</summary>
    public Action<string, long>? AfterBatchCreated { get; set; }
}
