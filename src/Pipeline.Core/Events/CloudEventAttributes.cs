namespace Pipeline.Core.Events;

/// <summary>The context attributes collected while one event is read, before it is known to be valid.</summary>
internal struct CloudEventAttributes
{
    public string? Id;
    public string? Source;
    public string? Type;
    public string? Subject;
    public DateTimeOffset? Time;
    public string? DataContentType;
    public string? DataSchema;
}
