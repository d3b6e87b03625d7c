namespace Pipeline.Cli.Load;

/// <summary>What reading one stream back found, against what was sent to it.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Accepted">Events that got a 202.</param>
/// <param name="Observed">Events in the stream's history.</param>
/// <param name="Missing">Accepted events absent from the history.</param>
/// <param name="Duplicated">Extra copies of events already in the history.</param>
/// <param name="OutOfOrder">Events that precede, in the history, an event acknowledged before they were sent (or an earlier event of their own request).</param>
/// <param name="Unexpected">Events in the history that this run never sent or never saw acknowledged (e.g. a request that timed out but was applied).</param>
internal sealed record StreamVerdict(string StreamId, long Accepted, long Observed, long Missing, long Duplicated, long OutOfOrder, long Unexpected)
{
    public bool Clean => Missing == 0 && Duplicated == 0 && OutOfOrder == 0;
}
