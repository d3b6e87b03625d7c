namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>
/// One operation of a batch as either wire format states it (a JSON batch entry or a HybridRow BatchOperation row), so
/// that both formats run through the same <see cref="BatchStep"/>.
/// </summary>
/// <param name="PartitionKey">The operation's own partition key as JSON (`["a"]`), or null to use the batch's or the body's.</param>
/// <param name="Body">The item (create, upsert, replace) or the patch specification, as UTF-8 JSON.</param>
/// <param name="MinimalReturn">The client asked for no resource body in the result of a write.</param>
internal sealed record BatchOperation(
    BatchOperationKind Kind,
    string? Id,
    string? PartitionKey,
    byte[]? Body,
    string? IfMatch,
    string? IfNoneMatch,
    bool MinimalReturn);
