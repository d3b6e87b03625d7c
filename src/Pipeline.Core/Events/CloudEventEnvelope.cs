using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>
/// One validated CloudEvent: its context attributes as .NET values and its original UTF-8 bytes, so the
/// event can be forwarded to Event Hubs exactly as the client sent it; <c>data</c> is only parsed when asked for.
/// </summary>
public sealed class CloudEventEnvelope
{
    // Attribute strings most consumers never read are decoded from the original bytes on first access.
    private readonly JsonStringSlice idSlice;
    private readonly JsonStringSlice sourceSlice;
    private readonly JsonStringSlice typeSlice;
    private readonly JsonStringSlice dataContentTypeSlice;
    private readonly int dataOffset;
    private readonly int dataLength;
    private readonly CloudEventDataKind dataKind;
    // A reference, not a nullable struct, so concurrent first reads can never observe a torn value.
    private StrongBox<JsonElement>? data;
    private IReadOnlyDictionary<string, JsonElement>? extensions;
    private string? id;
    private string? source;
    private string? type;
    private string? dataContentType;

    internal CloudEventEnvelope(
        int index,
        ReadOnlyMemory<byte> utf8,
        in CloudEventAttributes attributes,
        CloudEventDataKind dataKind,
        int dataOffset,
        int dataLength)
    {
        Index = index;
        Utf8 = utf8;
        idSlice = attributes.Id;
        sourceSlice = attributes.Source;
        typeSlice = attributes.Type;
        dataContentTypeSlice = attributes.DataContentType;
        Subject = attributes.Subject!;
        Time = attributes.Time;
        DataSchema = attributes.DataSchema;
        this.dataKind = dataKind;
        this.dataOffset = dataOffset;
        this.dataLength = dataLength;
    }

    /// <summary>Position of the event in the body it came from (0 for a single event).</summary>
    public int Index { get; }

    /// <summary>The event exactly as it appeared in the body, as a slice of the original buffer.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>The <c>id</c> attribute, unique per source.</summary>
    public string Id => id ??= idSlice.Read(Utf8.Span)!;

    /// <summary>The <c>source</c> attribute (a URI-reference naming the producer).</summary>
    public string Source => source ??= sourceSlice.Read(Utf8.Span)!;

    /// <summary>The <c>type</c> attribute, which projections dispatch on.</summary>
    public string Type => type ??= typeSlice.Read(Utf8.Span)!;

    /// <summary>The <c>subject</c> attribute: the stream the event belongs to and its partition key.</summary>
    public string Subject { get; }

    /// <summary>The <c>time</c> attribute, if present.</summary>
    public DateTimeOffset? Time { get; }

    /// <summary>The <c>datacontenttype</c> attribute, if present.</summary>
    public string? DataContentType => dataContentType ??= dataContentTypeSlice.Read(Utf8.Span);

    /// <summary>The <c>dataschema</c> attribute, if present.</summary>
    public string? DataSchema { get; }

    /// <summary>Whether the event carries a JSON <c>data</c> member.</summary>
    public bool HasData => dataKind == CloudEventDataKind.Json;

    /// <summary>Whether the event carries binary data in <c>data_base64</c>.</summary>
    public bool HasDataBase64 => dataKind == CloudEventDataKind.Base64;

    /// <summary>The <c>data</c> member as JSON, parsed on first access, or null when the event has none.</summary>
    public JsonElement? Data
    {
        get
        {
            if (dataKind != CloudEventDataKind.Json)
            {
                return null;
            }

            data ??= new StrongBox<JsonElement>(ParseValue(Utf8.Span.Slice(dataOffset, dataLength)));
            return data.Value;
        }
    }

    /// <summary>The extension attributes (every member that is not a CloudEvents core attribute), parsed on first access.</summary>
    public IReadOnlyDictionary<string, JsonElement> Extensions => extensions ??= ReadExtensions();

    /// <summary>Decodes <c>data_base64</c>, or returns null when the event has none.</summary>
    public byte[]? GetDataBase64()
    {
        if (dataKind != CloudEventDataKind.Base64)
        {
            return null;
        }

        var reader = new Utf8JsonReader(Utf8.Span.Slice(dataOffset, dataLength));
        reader.Read();
        return reader.GetBytesFromBase64();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Type} {Id} ({Subject})";

    private static JsonElement ParseValue(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        // ParseValue copies into an unpooled document, so the element needs no disposal.
        return JsonElement.ParseValue(ref reader);
    }

    private Dictionary<string, JsonElement> ReadExtensions()
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in ParseValue(Utf8.Span).EnumerateObject())
        {
            if (CloudEventAttributeNames.Identify(member.Name) == KnownAttribute.Extension
                && member.Value.ValueKind != JsonValueKind.Null)
            {
                result[member.Name] = member.Value;
            }
        }

        return result;
    }
}
