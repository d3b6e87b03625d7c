using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>
/// What an atomic batch did: every step's item before and after (all applied), or the step that failed and why
/// (nothing applied).
/// </summary>
internal sealed record BatchOutcome(IReadOnlyList<ItemWriteResult> Steps, int FailedStep, CosmosError? Failure)
{
    public bool Succeeded => Failure is null;

    public static BatchOutcome Applied(IReadOnlyList<ItemWriteResult> steps) => new(steps, -1, null);

    public static BatchOutcome Failed(int step, CosmosError failure) => new([], step, failure);
}
