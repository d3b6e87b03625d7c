namespace Pipeline.Core.Events;

/// <summary>Which payload member an event carries.</summary>
internal enum CloudEventDataKind
{
    None,
    Json,
    Base64,
}
