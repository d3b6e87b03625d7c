namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>Whether the handler gets one event per invocation or a batch.</summary>
public enum TriggerCardinality
{
    One,
    Many,
}

/// <summary>How event bodies are handed to the handler: as UTF-8 text, as base64 bytes, or (unset) JSON-parsed.</summary>
public enum TriggerDataType
{
    Unspecified,
    String,
    Binary,
}

/// <summary>function.json <c>eventHubTrigger</c> with <c>%settings%</c> resolved and the connection looked up.</summary>
public sealed record EventHubTriggerBinding(
    string Name,
    string EventHubName,
    string ConsumerGroup,
    TriggerCardinality Cardinality,
    TriggerDataType DataType,
    EventHubConnectionSetting Connection);

/// <summary>
/// The value behind a trigger's <c>connection</c> setting: a connection string, or only a namespace
/// (<c>&lt;name&gt;__fullyQualifiedNamespace</c>) for identity-based access.
/// </summary>
public sealed record EventHubConnectionSetting(string SettingName, string? ConnectionString, string? FullyQualifiedNamespace);
