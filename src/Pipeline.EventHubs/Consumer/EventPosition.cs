using System.Globalization;

namespace Pipeline.EventHubs.Consumer;

/// <summary>Where in a partition a consumer starts reading: the beginning, the end, an offset, a sequence number or a time.</summary>
public readonly struct EventPosition : IEquatable<EventPosition>
{
    private const string OffsetName = "amqp.annotation.x-opt-offset";
    private const string SequenceNumberName = "amqp.annotation.x-opt-sequence-number";
    private const string EnqueuedTimeName = "amqp.annotation.x-opt-enqueued-time";

    private EventPosition(string? offset, long? sequenceNumber, DateTimeOffset? enqueuedTime, bool isInclusive)
    {
        Offset = offset;
        SequenceNumber = sequenceNumber;
        EnqueuedTime = enqueuedTime;
        IsInclusive = isInclusive;
    }

    /// <summary>The oldest event the partition retains.</summary>
    public static EventPosition Earliest => new("-1", null, null, false);

    /// <summary>Only events enqueued after the consumer connected.</summary>
    public static EventPosition Latest => new("@latest", null, null, false);

    internal string? Offset { get; }

    internal long? SequenceNumber { get; }

    internal DateTimeOffset? EnqueuedTime { get; }

    internal bool IsInclusive { get; }

    /// <summary>The event at <paramref name="offset"/> (inclusive) or the one after it.</summary>
    public static EventPosition FromOffset(string offset, bool isInclusive = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(offset);
        return new(offset, null, null, isInclusive);
    }

    /// <summary>The event at <paramref name="offset"/> (inclusive) or the one after it.</summary>
    public static EventPosition FromOffset(long offset, bool isInclusive = true) =>
        FromOffset(offset.ToString(CultureInfo.InvariantCulture), isInclusive);

    /// <summary>The event with <paramref name="sequenceNumber"/> (inclusive) or the one after it.</summary>
    public static EventPosition FromSequenceNumber(long sequenceNumber, bool isInclusive = true) =>
        new(null, sequenceNumber, null, isInclusive);

    /// <summary>The first event enqueued after <paramref name="enqueuedTime"/>.</summary>
    public static EventPosition FromEnqueuedTime(DateTimeOffset enqueuedTime) => new(null, null, enqueuedTime, false);

    /// <summary>The selector expression Event Hubs understands, sent in the link source's filter.</summary>
    internal string ToFilterExpression()
    {
        string comparison = IsInclusive ? ">=" : ">";
        if (Offset is not null)
        {
            return $"{OffsetName} {comparison} '{Offset}'";
        }

        if (SequenceNumber is { } sequenceNumber)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{SequenceNumberName} {comparison} '{sequenceNumber}'");
        }

        if (EnqueuedTime is { } enqueuedTime)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{EnqueuedTimeName} > '{enqueuedTime.ToUnixTimeMilliseconds()}'");
        }

        // default(EventPosition) behaves like Earliest rather than producing an invalid filter.
        return $"{OffsetName} > '-1'";
    }

    /// <inheritdoc />
    public bool Equals(EventPosition other) =>
        Offset == other.Offset && SequenceNumber == other.SequenceNumber && EnqueuedTime == other.EnqueuedTime && IsInclusive == other.IsInclusive;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EventPosition other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Offset, SequenceNumber, EnqueuedTime, IsInclusive);

    /// <inheritdoc />
    public override string ToString() => ToFilterExpression();

    /// <summary>Compares two positions.</summary>
    public static bool operator ==(EventPosition left, EventPosition right) => left.Equals(right);

    /// <summary>Compares two positions.</summary>
    public static bool operator !=(EventPosition left, EventPosition right) => !left.Equals(right);
}
