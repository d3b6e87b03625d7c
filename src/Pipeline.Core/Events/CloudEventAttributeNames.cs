using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>The attribute names of the CloudEvents 1.0 JSON format.</summary>
public static class CloudEventAttributeNames
{
    /// <summary>The <c>specversion</c> attribute.</summary>
    public const string SpecVersion = "specversion";

    /// <summary>The <c>id</c> attribute.</summary>
    public const string Id = "id";

    /// <summary>The <c>source</c> attribute.</summary>
    public const string Source = "source";

    /// <summary>The <c>type</c> attribute.</summary>
    public const string Type = "type";

    /// <summary>The <c>subject</c> attribute.</summary>
    public const string Subject = "subject";

    /// <summary>The <c>time</c> attribute.</summary>
    public const string Time = "time";

    /// <summary>The <c>datacontenttype</c> attribute.</summary>
    public const string DataContentType = "datacontenttype";

    /// <summary>The <c>dataschema</c> attribute.</summary>
    public const string DataSchema = "dataschema";

    /// <summary>The <c>data</c> member.</summary>
    public const string Data = "data";

    /// <summary>The <c>data_base64</c> member.</summary>
    public const string DataBase64 = "data_base64";

    internal static KnownAttribute Identify(string name) => name switch
    {
        SpecVersion => KnownAttribute.SpecVersion,
        Id => KnownAttribute.Id,
        Source => KnownAttribute.Source,
        Type => KnownAttribute.Type,
        Subject => KnownAttribute.Subject,
        Time => KnownAttribute.Time,
        DataContentType => KnownAttribute.DataContentType,
        DataSchema => KnownAttribute.DataSchema,
        Data => KnownAttribute.Data,
        DataBase64 => KnownAttribute.DataBase64,
        _ => KnownAttribute.Extension,
    };

    // Compares raw bytes when the name has no escapes, which is the hot path for every member of every event.
    internal static KnownAttribute Identify(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return Identify(reader.GetString()!);
        }

        var name = reader.ValueSpan;
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => KnownAttribute.Id,
            4 when name.SequenceEqual("type"u8) => KnownAttribute.Type,
            4 when name.SequenceEqual("time"u8) => KnownAttribute.Time,
            4 when name.SequenceEqual("data"u8) => KnownAttribute.Data,
            6 when name.SequenceEqual("source"u8) => KnownAttribute.Source,
            7 when name.SequenceEqual("subject"u8) => KnownAttribute.Subject,
            10 when name.SequenceEqual("dataschema"u8) => KnownAttribute.DataSchema,
            11 when name.SequenceEqual("specversion"u8) => KnownAttribute.SpecVersion,
            11 when name.SequenceEqual("data_base64"u8) => KnownAttribute.DataBase64,
            15 when name.SequenceEqual("datacontenttype"u8) => KnownAttribute.DataContentType,
            _ => KnownAttribute.Extension,
        };
    }
}
