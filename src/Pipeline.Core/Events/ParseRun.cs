using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>The state of parsing one body: the reader loop over the batch, and the verdict collected on the way.</summary>
internal sealed class ParseRun
{
    private readonly ReadOnlyMemory<byte> body;
    private readonly EventValidationOptions options;
    private readonly bool isBatch;
    private readonly List<CloudEventEnvelope> events;
    private readonly List<ValidationProblem> problems = [];
    private ParseStatus status = ParseStatus.Valid;
    private readonly List<Range> extensionNames = [];
    private readonly NameBuffer extensionNameBytes = new();
    private int currentEventProblems;

    public ParseRun(ReadOnlyMemory<byte> body, EventValidationOptions options, bool isBatch)
    {
        this.body = body;
        this.options = options;
        this.isBatch = isBatch;
        // Events are rarely smaller than 256 bytes, so this avoids most regrowth of the list.
        events = new List<CloudEventEnvelope>(isBatch ? Math.Min(Math.Max(body.Length / 256, 4), Math.Max(options.MaxBatchEvents, 1)) : 1);
    }

    public void Fail(ParseStatus verdict, int index, ValidationReason reason, string detail)
    {
        problems.Add(new ValidationProblem(index, null, reason, detail));
        Escalate(verdict);
    }

    public void Read()
    {
        var reader = new Utf8JsonReader(body.Span);
        var index = isBatch ? ValidationProblem.BodyIndex : 0;
        try
        {
            reader.Read();
            if (!isBatch)
            {
                ReadEvent(ref reader, 0);
            }
            else
            {
                index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (index >= options.MaxBatchEvents)
                    {
                        // Stop here: the rest of an oversized batch is not worth the CPU.
                        Fail(ParseStatus.TooLarge, ValidationProblem.BodyIndex, ValidationReason.BatchTooLarge,
                            $"The batch has more than {options.MaxBatchEvents} events.");
                        return;
                    }

                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadEvent(ref reader, index);
                    }
                    else
                    {
                        Add(new ValidationProblem(index, null, ValidationReason.NotAnObject, $"Each event must be a JSON object, not {Describe(reader.TokenType)}."));
                        reader.Skip();
                    }

                    index++;
                }

                index = ValidationProblem.BodyIndex;
            }

            // Anything but whitespace after the root value makes the reader throw.
            reader.Read();
        }
        catch (JsonException e)
        {
            Fail(ParseStatus.MalformedJson, index, ValidationReason.MalformedJson,
                $"Malformed JSON at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}.");
        }
        catch (InvalidOperationException)
        {
            // GetString throws this for strings that are not valid UTF-8.
            Fail(ParseStatus.MalformedJson, index, ValidationReason.MalformedJson, "A string is not valid UTF-8.");
        }
    }

    public ParseResult ToResult() => status == ParseStatus.Valid
        ? new ParseResult(status, isBatch, events, [])
        : new ParseResult(status, isBatch, events, problems);

    private void ReadEvent(ref Utf8JsonReader reader, int index)
    {
        var start = (int)reader.TokenStartIndex;
        extensionNameBytes.Clear();
        var problemsBefore = currentEventProblems = problems.Count;
        var attributes = default(CloudEventAttributes);
        int idLength = -1, sourceLength = -1, typeLength = -1;
        var seen = default(KnownAttribute);
        var specVersionSeen = false;
        var dataKind = CloudEventDataKind.None;
        int dataStart = 0, dataEnd = 0;
        extensionNames.Clear();

        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var attribute = CloudEventAttributeNames.Identify(ref reader);
            var extensionName = default(Range);
            if (attribute == KnownAttribute.Extension)
            {
                extensionName = CheckExtensionName(ref reader, index);
            }
            else if ((seen & attribute) != 0)
            {
                Add(new ValidationProblem(index, reader.GetString(), ValidationReason.Duplicate, "The attribute appears more than once."));
            }

            seen |= attribute;
            reader.Read();

            switch (attribute)
            {
                case KnownAttribute.SpecVersion:
                    specVersionSeen = reader.TokenType != JsonTokenType.Null;
                    CheckSpecVersion(ref reader, index);
                    break;
                case KnownAttribute.Id:
                    idLength = ReadSlice(ref reader, index, CloudEventAttributeNames.Id, out attributes.Id);
                    break;
                case KnownAttribute.Source:
                    sourceLength = ReadSlice(ref reader, index, CloudEventAttributeNames.Source, out attributes.Source);
                    break;
                case KnownAttribute.Type:
                    typeLength = ReadSlice(ref reader, index, CloudEventAttributeNames.Type, out attributes.Type);
                    break;
                case KnownAttribute.Subject:
                    attributes.Subject = ReadString(ref reader, index, CloudEventAttributeNames.Subject);
                    break;
                case KnownAttribute.Time:
                    attributes.Time = ReadTime(ref reader, index);
                    break;
                case KnownAttribute.DataContentType:
                    CheckLength(index, CloudEventAttributeNames.DataContentType, ReadSlice(ref reader, index, CloudEventAttributeNames.DataContentType, out attributes.DataContentType), options.MaxAttributeLength);
                    break;
                case KnownAttribute.DataSchema:
                    attributes.DataSchema = ReadString(ref reader, index, CloudEventAttributeNames.DataSchema);
                    CheckDataSchema(index, attributes.DataSchema);
                    break;
                case KnownAttribute.Data:
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        dataKind = dataKind == CloudEventDataKind.Base64 ? DataConflict(index) : CloudEventDataKind.Json;
                        dataStart = (int)reader.TokenStartIndex;
                        reader.Skip();
                        dataEnd = (int)reader.BytesConsumed;
                    }

                    break;
                case KnownAttribute.DataBase64:
                    if (CheckBase64(ref reader, index))
                    {
                        dataKind = dataKind == CloudEventDataKind.Json ? DataConflict(index) : CloudEventDataKind.Base64;
                        dataStart = (int)reader.TokenStartIndex;
                        dataEnd = (int)reader.BytesConsumed;
                    }

                    break;
                default:
                    CheckExtensionValue(ref reader, index, extensionName);
                    break;
            }
        }

        var end = (int)reader.BytesConsumed;
        if (!specVersionSeen)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.SpecVersion, ValidationReason.Missing, "The attribute is required and must be \"1.0\"."));
        }

        CheckRequired(index, CloudEventAttributeNames.Id, idLength, options.MaxIdLength);
        CheckRequired(index, CloudEventAttributeNames.Source, sourceLength, options.MaxAttributeLength);
        CheckRequired(index, CloudEventAttributeNames.Type, typeLength, options.MaxAttributeLength);
        if (CheckRequired(index, CloudEventAttributeNames.Subject, attributes.Subject?.Length ?? -1, options.MaxSubjectLength))
        {
            CheckStreamName(index, attributes.Subject!);
        }

        if (end - start > options.MaxEventBytes)
        {
            Add(new ValidationProblem(index, null, ValidationReason.EventTooLarge, $"The event is {end - start} bytes; the limit is {options.MaxEventBytes}."));
            Escalate(ParseStatus.TooLarge);
        }

        if (problems.Count == problemsBefore)
        {
            attributes.Id = attributes.Id.RelativeTo(start);
            attributes.Source = attributes.Source.RelativeTo(start);
            attributes.Type = attributes.Type.RelativeTo(start);
            attributes.DataContentType = attributes.DataContentType.RelativeTo(start);
            events.Add(new CloudEventEnvelope(index, body[start..end], attributes, dataKind, dataStart - start, dataEnd - dataStart));
        }
    }

    private CloudEventDataKind DataConflict(int index)
    {
        Add(new ValidationProblem(index, CloudEventAttributeNames.DataBase64, ValidationReason.Conflict, "An event carries either data or data_base64, not both."));
        return CloudEventDataKind.None;
    }

    private string? ReadString(ref Utf8JsonReader reader, int index, string attribute)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.Null:
                return null;
            default:
                Add(new ValidationProblem(index, attribute, ValidationReason.WrongType, $"The attribute must be a string, not {Describe(reader.TokenType)}."));
                reader.Skip();
                return null;
        }
    }

    private void CheckSpecVersion(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.SpecVersion, ValidationReason.WrongType, $"The attribute must be the string \"1.0\", not {Describe(reader.TokenType)}."));
            reader.Skip();
        }
        else if (!reader.ValueTextEquals("1.0"u8))
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.SpecVersion, ValidationReason.InvalidValue, $"Only CloudEvents 1.0 is supported, not \"{reader.GetString()}\"."));
        }
    }

    private DateTimeOffset? ReadTime(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.Time, ValidationReason.WrongType, $"The attribute must be an RFC 3339 timestamp string, not {Describe(reader.TokenType)}."));
            reader.Skip();
            return null;
        }

        if (Rfc3339.TryParse(ref reader, out var time))
        {
            return time;
        }

        Add(new ValidationProblem(index, CloudEventAttributeNames.Time, ValidationReason.InvalidValue, "The attribute must be an RFC 3339 timestamp with a UTC offset, e.g. 2024-05-01T12:00:00Z."));
        return null;
    }

    private bool CheckBase64(ref Utf8JsonReader reader, int index)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.DataBase64, ValidationReason.WrongType, $"The member must be a base64 string, not {Describe(reader.TokenType)}."));
            reader.Skip();
            return false;
        }

        var valid = reader.ValueIsEscaped || reader.HasValueSequence
            ? System.Buffers.Text.Base64.IsValid(reader.GetString()!.AsSpan())
            : System.Buffers.Text.Base64.IsValid(reader.ValueSpan);
        if (!valid)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.DataBase64, ValidationReason.InvalidValue, "The member is not valid base64."));
        }

        return valid;
    }

    private void CheckDataSchema(int index, string? dataSchema)
    {
        if (dataSchema is null)
        {
            return;
        }

        if (!CheckLength(index, CloudEventAttributeNames.DataSchema, dataSchema.Length, options.MaxAttributeLength))
        {
            return;
        }

        if (!Uri.TryCreate(dataSchema, UriKind.Absolute, out _))
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.DataSchema, ValidationReason.InvalidValue, "The attribute must be an absolute URI."));
        }
    }

    // Extension names are compared as UTF-8 bytes in a reused buffer, so valid events allocate nothing for them.
    private Range CheckExtensionName(ref Utf8JsonReader reader, int index)
    {
        var length = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        var offset = extensionNameBytes.Count;
        var destination = extensionNameBytes.GetSpan(offset + length);
        length = reader.CopyString(destination[offset..]);
        extensionNameBytes.Advance(length);
        var name = destination.Slice(offset, length);
        var range = new Range(offset, offset + length);

        if (length == 0 || name.ContainsAnyExcept(CharacterSets.ExtensionNameUtf8))
        {
            Add(new ValidationProblem(index, ExtensionName(range), ValidationReason.InvalidName, "Extension attribute names may only contain lower-case letters a-z and digits 0-9."));
        }
        else if (length > options.MaxExtensionNameLength)
        {
            Add(new ValidationProblem(index, ExtensionName(range), ValidationReason.InvalidName, $"Extension attribute names may be at most {options.MaxExtensionNameLength} characters long."));
        }

        foreach (var seen in extensionNames)
        {
            if (name.SequenceEqual(extensionNameBytes.Written[seen]))
            {
                Add(new ValidationProblem(index, ExtensionName(range), ValidationReason.Duplicate, "The attribute appears more than once."));
                break;
            }
        }

        extensionNames.Add(range);
        return range;
    }

    private string ExtensionName(Range range) => System.Text.Encoding.UTF8.GetString(extensionNameBytes.Written[range]);

    private void CheckExtensionValue(ref Utf8JsonReader reader, int index, Range name)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                return;
            case JsonTokenType.Number:
                if (!reader.TryGetInt32(out _))
                {
                    Add(new ValidationProblem(index, ExtensionName(name), ValidationReason.InvalidValue, "Extension attribute numbers must be 32-bit integers."));
                }

                return;
            default:
                Add(new ValidationProblem(index, ExtensionName(name), ValidationReason.WrongType, $"Extension attributes must be strings, integers or booleans, not {Describe(reader.TokenType)}."));
                reader.Skip();
                return;
        }
    }

    // Measures a string in UTF-16 characters without creating it; returns -1 when it is absent or not a string.
    private int ReadSlice(ref Utf8JsonReader reader, int index, string attribute, out JsonStringSlice slice)
    {
        slice = default;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                slice = new JsonStringSlice((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex));
                if (reader.ValueIsEscaped)
                {
                    return reader.GetString()!.Length;
                }

                // The parser has already checked that the whole body is valid UTF-8.
                return System.Text.Encoding.UTF8.GetCharCount(reader.ValueSpan);
            case JsonTokenType.Null:
                return -1;
            default:
                Add(new ValidationProblem(index, attribute, ValidationReason.WrongType, $"The attribute must be a string, not {Describe(reader.TokenType)}."));
                reader.Skip();
                return -1;
        }
    }

    private bool CheckRequired(int index, string attribute, int length, int maxLength)
    {
        if (length < 0)
        {
            // A wrong type was already reported; do not also call the attribute missing.
            if (!ReportedForCurrentEvent(attribute, ValidationReason.WrongType))
            {
                Add(new ValidationProblem(index, attribute, ValidationReason.Missing, "The attribute is required."));
            }

            return false;
        }

        if (length == 0)
        {
            Add(new ValidationProblem(index, attribute, ValidationReason.Empty, "The attribute must not be empty."));
            return false;
        }

        return CheckLength(index, attribute, length, maxLength);
    }

    private bool CheckLength(int index, string attribute, int length, int maxLength)
    {
        if (length > maxLength)
        {
            Add(new ValidationProblem(index, attribute, ValidationReason.TooLong, $"The attribute is {length} characters long; the limit is {maxLength}."));
            return false;
        }

        return true;
    }

    // The subject names the stream and becomes part of Cosmos DB ids, which forbid these characters.
    private void CheckStreamName(int index, string subject)
    {
        if (subject.AsSpan().IndexOfAny(CharacterSets.ForbiddenInStreamName) >= 0)
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.Subject, ValidationReason.IllegalCharacters, "The subject must not contain '/', '\\', '?', '#' or control characters."));
        }

        if (char.IsWhiteSpace(subject[0]) || char.IsWhiteSpace(subject[^1]))
        {
            Add(new ValidationProblem(index, CloudEventAttributeNames.Subject, ValidationReason.SurroundingWhitespace, "The subject must not start or end with whitespace."));
        }
    }

    private bool ReportedForCurrentEvent(string attribute, ValidationReason reason)
    {
        for (var i = currentEventProblems; i < problems.Count; i++)
        {
            if (problems[i].Reason == reason && problems[i].Attribute == attribute)
            {
                return true;
            }
        }

        return false;
    }

    private void Add(ValidationProblem problem)
    {
        problems.Add(problem);
        Escalate(ParseStatus.Invalid);
    }

    // Verdicts only get worse: too large beats malformed beats invalid.
    private void Escalate(ParseStatus verdict)
    {
        if (Severity(verdict) > Severity(status))
        {
            status = verdict;
        }
    }

    private static int Severity(ParseStatus verdict) => verdict switch
    {
        ParseStatus.Valid => 0,
        ParseStatus.Invalid => 1,
        ParseStatus.MalformedJson => 2,
        ParseStatus.TooLarge => 3,
        _ => 4,
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
