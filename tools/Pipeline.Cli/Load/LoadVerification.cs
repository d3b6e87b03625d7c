namespace Pipeline.Cli.Load;

/// <summary>Totals of a verification pass, and the streams that were not clean.</summary>
internal sealed record VerificationSummary(int Streams, long Accepted, long Observed, long Missing, long Duplicated, long OutOfOrder, long Unexpected, TimeSpan CatchUp, bool CaughtUp, IReadOnlyList<StreamVerdict> Problems)
{
    public bool Clean => Missing == 0 && Duplicated == 0 && OutOfOrder == 0;
}

/// <summary>
/// `pipeline load --verify`: waits (bounded) until every stream's version reaches the events accepted for it, then reads
/// each history back page by page and checks it against the ledger.
/// </summary>
internal static class LoadVerification
{
    private const int Parallelism = 16;

    // Between read-backs of the streams still behind: the projector catches up a batch at a time, and reading every
    // lagging stream more often would only load the stack being waited for. The wait itself is bounded by catchUpLimit.
    private static readonly TimeSpan CatchUpPollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<VerificationSummary> VerifyAsync(HttpClient http, SentLedger ledger, TimeSpan catchUpLimit, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var reader = new StreamReader(http);
        var streams = ledger.StreamIds.Order(StringComparer.Ordinal).ToList();
        var started = DateTime.UtcNow;
        var deadline = started + catchUpLimit;
        var behind = streams.Where(s => ledger.AcceptedCount(s) > 0).ToList();
        while (behind.Count > 0 && DateTime.UtcNow < deadline)
        {
            var still = new System.Collections.Concurrent.ConcurrentBag<string>();
            await Parallel.ForEachAsync(behind, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (stream, token) =>
            {
                if (await reader.ReadVersionAsync(stream, token).ConfigureAwait(false) < ledger.AcceptedCount(stream))
                {
                    still.Add(stream);
                }
            }).ConfigureAwait(false);
            behind = [.. still];
            progress?.Invoke($"{streams.Count - behind.Count}/{streams.Count} streams caught up");
            if (behind.Count > 0)
            {
                await Task.Delay(CatchUpPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        var catchUp = DateTime.UtcNow - started;
        var verdicts = new System.Collections.Concurrent.ConcurrentBag<StreamVerdict>();
        await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (stream, token) =>
        {
            var history = await reader.ReadHistoryAsync(stream, token).ConfigureAwait(false);
            verdicts.Add(StreamVerifier.Verify(stream, ledger.For(stream), history));
        }).ConfigureAwait(false);

        return new VerificationSummary(
            streams.Count,
            verdicts.Sum(v => v.Accepted),
            verdicts.Sum(v => v.Observed),
            verdicts.Sum(v => v.Missing),
            verdicts.Sum(v => v.Duplicated),
            verdicts.Sum(v => v.OutOfOrder),
            verdicts.Sum(v => v.Unexpected),
            catchUp,
            behind.Count == 0,
            [.. verdicts.Where(v => !v.Clean || v.Unexpected > 0).OrderBy(v => v.StreamId, StringComparer.Ordinal)]);
    }
}
