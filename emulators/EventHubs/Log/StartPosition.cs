namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>Where a receiver starts reading, decoded from the selector filter of its attach.</summary>
internal abstract record StartPosition
{
    public static readonly StartPosition Earliest = new FromOffset(-1, Inclusive: false);

    public static readonly StartPosition Latest = new AtEnd();

    public sealed record AtEnd : StartPosition;

    public sealed record FromOffset(long Offset, bool Inclusive) : StartPosition;

    public sealed record FromSequenceNumber(long SequenceNumber, bool Inclusive) : StartPosition;

    public sealed record AfterEnqueuedTime(DateTimeOffset Time) : StartPosition;
}
