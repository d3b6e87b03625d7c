namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>What one operation of a batch does; the values are the service's operation type codes the .NET SDK sends.</summary>
internal enum BatchOperationKind
{
    Create = 0,
    Patch = 1,
    Read = 2,
    Delete = 4,
    Replace = 5,
    Upsert = 20,
}
