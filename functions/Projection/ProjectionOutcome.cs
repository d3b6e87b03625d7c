namespace Pipeline.Functions.Projection;

/// <summary>What the projector did with one Event Hubs batch.</summary>
/// <param name="Streams">Streams appended to.</param>
/// <param name="Appended">Events appended.</param>
/// <param name="Duplicates">Events skipped as already applied (redeliveries, re-posts).</param>
/// <param name="DeadLettered">Events written to the dead-letter container.</param>
internal sealed record ProjectionOutcome(int Streams, int Appended, int Duplicates, int DeadLettered);
