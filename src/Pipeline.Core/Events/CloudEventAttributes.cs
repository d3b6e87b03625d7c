namespace Pipeline.Core.Events;

/// <summary>The context attributes collected while one event is read, before it is known to be valid.</summary>
/// <remarks>Only the subject (the partition key, checked character by character) is materialized eagerly; other strings stay slices.</remarks>
internal struct CloudEventAttributes
{
    public JsonStringSlice Id;
    public JsonStringSlice Source;
    public JsonStringSlice Type;
    public JsonStringSlice DataContentType;
    public string? Subject;
    public string? DataSchema;
    public DateTimeOffset? Time;
}
