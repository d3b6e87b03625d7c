namespace Pipeline.Cosmos.Streams;

/// <summary>Why an appended event was recognised as already applied.</summary>
public enum DuplicateReason
{
    /// <summary>Its Event Hubs sequence number is at or below the stream's high-water mark for its partition (a redelivery).</summary>
    BelowHighWaterMark,

    /// <summary>Its CloudEvent id is in the stream's window of recent ids, or earlier in the same append (a re-post).</summary>
    RecentEventId,
}
