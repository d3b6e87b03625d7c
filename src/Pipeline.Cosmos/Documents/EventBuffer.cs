using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Documents;

/// <summary>
/// The events of a tip, or of a batch calved from one, as the runs its appends encoded, oldest first. An append adds
/// its run and compresses only that run (now and then merged with the latest blocks), where joining and recompressing
/// the whole buffer on every append was the projector's largest cost of its own (CPU, and garbage: a new copy of
/// buffers of up to ~100 KB per append). Immutable; a cached tip and the tip built from it share their runs and blocks.
/// </summary>
internal sealed class EventBuffer
{
    // A new block absorbs the blocks before it while each holds at most this many times its events, so a buffer has
    // O(log n) blocks and each event is compressed O(log n) times. Measured on one-kilobyte events appended 1–30 at a
    // time: the blocks are 0–32 % larger than one block of the whole buffer, for 1.5–10× less compression work than
    // recompressing the buffer on every append.
    private const int MergeFactor = 2;

    public static readonly EventBuffer Empty = new([], [], 0);

    private readonly EventRun[] runs;
    private readonly CompressedBlock[] blocks;
    private readonly int coveredRuns;

    private EventBuffer(EventRun[] runs, CompressedBlock[] blocks, int coveredRuns)
    {
        this.runs = runs;
        this.blocks = blocks;
        this.coveredRuns = coveredRuns;
        foreach (var run in runs)
        {
            Count += run.Count;
            EventBytes += run.EventBytes;
        }
    }

    public int Count { get; }

    /// <summary>The CloudEvent JSON bytes of all the events (what <c>MaxTipBytes</c> bounds).</summary>
    public int EventBytes { get; }

    /// <summary>The runs, oldest first; each is a JSON array of consecutive events.</summary>
    public ReadOnlySpan<EventRun> Runs => runs;

    /// <summary>The compressed blocks, oldest first; together they hold the first runs (all of them once compressed).</summary>
    public IReadOnlyList<CompressedBlock> Blocks => blocks;

    /// <summary>The events in version order.</summary>
    public IEnumerable<StoredEvent> Events
    {
        get
        {
            foreach (var run in runs)
            {
                foreach (var stored in run.Events)
                {
                    yield return stored;
                }
            }
        }
    }

    /// <summary>A buffer of one run, compressed when <paramref name="compress"/> is set.</summary>
    public static EventBuffer Of(EventRun run, bool compress) => Empty.Append(run, compress);

    /// <summary>A buffer read from a document: its runs and, for a compressed document, one block per run.</summary>
    public static EventBuffer FromStored(List<EventRun> runs, List<CompressedBlock> blocks) => new([.. runs], [.. blocks], blocks.Count);

    /// <summary>This buffer followed by <paramref name="run"/>; with <paramref name="compress"/>, compresses what no block holds yet.</summary>
    public EventBuffer Append(EventRun run, bool compress)
    {
        if (run.Count == 0)
        {
            return this;
        }

        var appended = new EventRun[runs.Length + 1];
        runs.CopyTo(appended, 0);
        appended[^1] = run;
        if (!compress)
        {
            return new EventBuffer(appended, blocks, coveredRuns);
        }

        var keep = blocks.Length;
        var from = coveredRuns;
        var events = 0;
        for (var k = from; k < appended.Length; k++)
        {
            events += appended[k].Count;
        }

        while (keep > 0 && blocks[keep - 1].EventCount <= MergeFactor * events)
        {
            keep--;
            from -= blocks[keep].RunCount;
            events += blocks[keep].EventCount;
        }

        var merged = new CompressedBlock[keep + 1];
        Array.Copy(blocks, merged, keep);
        merged[keep] = CompressedBlock.Compress(appended.AsSpan(from));
        return new EventBuffer(appended, merged, appended.Length);
    }

    /// <summary>The blocks a compressed document of this buffer holds: the buffer's own, plus one for runs no block holds yet.</summary>
    public IReadOnlyList<CompressedBlock> BlocksCoveringAll() =>
        coveredRuns == runs.Length ? blocks : [.. blocks, CompressedBlock.Compress(runs.AsSpan(coveredRuns))];

    /// <summary>The events from <paramref name="version"/> on (the whole buffer, as it is, when it starts there).</summary>
    public EventBuffer From(long version, bool compress) =>
        Count == 0 || runs[0].Events[0].Version >= version
            ? this
            : Of(EventRun.Encode(Events.Where(e => e.Version >= version).ToList()), compress);
}
