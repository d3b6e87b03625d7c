using System.Text.Json.Serialization;

namespace Pipeline.Core.Events;

/// <summary>Why an event or a request body was rejected, as a stable machine-readable code.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ValidationReason>))]
public enum ValidationReason
{
    /// <summary>A required attribute is absent or null.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,

    /// <summary>The attribute has a JSON type the CloudEvents JSON format does not allow for it.</summary>
    [JsonStringEnumMemberName("wrongType")]
    WrongType,

    /// <summary>A string attribute that must carry a value is empty.</summary>
    [JsonStringEnumMemberName("empty")]
    Empty,

    /// <summary>A string attribute is longer than the configured limit.</summary>
    [JsonStringEnumMemberName("tooLong")]
    TooLong,

    /// <summary>The value contains characters that cannot appear in it (Cosmos DB id rules, control characters).</summary>
    [JsonStringEnumMemberName("illegalCharacters")]
    IllegalCharacters,

    /// <summary>The value starts or ends with whitespace, which would make two streams look alike.</summary>
    [JsonStringEnumMemberName("surroundingWhitespace")]
    SurroundingWhitespace,

    /// <summary>The value has the right type but not an allowed value (spec version, RFC 3339 time, base64, URI).</summary>
    [JsonStringEnumMemberName("invalidValue")]
    InvalidValue,

    /// <summary>An extension attribute name breaks the CloudEvents naming rules.</summary>
    [JsonStringEnumMemberName("invalidName")]
    InvalidName,

    /// <summary>The same attribute appears twice in one event.</summary>
    [JsonStringEnumMemberName("duplicate")]
    Duplicate,

    /// <summary>Both <c>data</c> and <c>data_base64</c> are present.</summary>
    [JsonStringEnumMemberName("conflict")]
    Conflict,

    /// <summary>An event (or a single-event body) is not a JSON object.</summary>
    [JsonStringEnumMemberName("notAnObject")]
    NotAnObject,

    /// <summary>A batch body is not a JSON array.</summary>
    [JsonStringEnumMemberName("notAnArray")]
    NotAnArray,

    /// <summary>The Content-Type is not a JSON media type of the CloudEvents formats.</summary>
    [JsonStringEnumMemberName("unsupportedMediaType")]
    UnsupportedMediaType,

    /// <summary>The body is not well-formed JSON.</summary>
    [JsonStringEnumMemberName("malformedJson")]
    MalformedJson,

    /// <summary>One encoded event is larger than the configured event limit.</summary>
    [JsonStringEnumMemberName("eventTooLarge")]
    EventTooLarge,

    /// <summary>The batch has more events or more bytes than the configured batch limits.</summary>
    [JsonStringEnumMemberName("batchTooLarge")]
    BatchTooLarge,
}
