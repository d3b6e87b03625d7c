namespace Pipeline.Emulators.EventHubs.Log;

/// <summary>One stored event: its position in the partition and the AMQP message exactly as consumers receive it.</summary>
internal sealed record LogEvent(long SequenceNumber, long Offset, DateTimeOffset EnqueuedTime, ReadOnlyMemory<byte> Message)
{
    /// <summary>Bytes a record takes in a segment file: the header, then the message.</summary>
    public const int RecordHeaderSize = 24;

    public long RecordSize => RecordHeaderSize + Message.Length;
}
