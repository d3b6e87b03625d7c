using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>
/// Reads CloudEvents 1.0 structured-mode JSON (one event or a batch) from UTF-8 bytes in one forward pass,
/// reporting every problem and keeping each event's original bytes.
/// </summary>
public static class CloudEventParser
{
    /// <summary>The only CloudEvents specification version accepted.</summary>
    public const string SpecVersion = "1.0";

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Parses a request body according to its Content-Type header.</summary>
    public static ParseResult Parse(ReadOnlyMemory<byte> body, string? contentType, EventValidationOptions? options = null)
    {
        var mode = CloudEventContentType.Classify(contentType);
        if (mode == CloudEventContentMode.Unsupported)
        {
            var problem = new ValidationProblem(
                ValidationProblem.BodyIndex,
                null,
                ValidationReason.UnsupportedMediaType,
                $"Content-Type '{contentType}' is not supported; use {CloudEventContentType.Structured}, {CloudEventContentType.Batch} or {CloudEventContentType.Json} (UTF-8).");
            return new ParseResult(ParseStatus.UnsupportedMediaType, false, [], [problem]);
        }

        return Parse(body, mode, options);
    }

    /// <summary>Parses a body whose content mode is already known.</summary>
    public static ParseResult Parse(ReadOnlyMemory<byte> body, CloudEventContentMode mode, EventValidationOptions? options = null)
    {
        if (mode == CloudEventContentMode.Unsupported)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "An unsupported content mode cannot be parsed.");
        }

        options ??= EventValidationOptions.Default;
        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        var first = FirstSignificantByte(body.Span);
        var isBatch = mode == CloudEventContentMode.Batch || (mode == CloudEventContentMode.Json && first == (byte)'[');
        var run = new ParseRun(body, options, isBatch);

        if (first is not (byte)'{' and not (byte)'[')
        {
            run.Fail(ParseStatus.MalformedJson, ValidationProblem.BodyIndex, ValidationReason.MalformedJson, first < 0
                ? "The body is empty."
                : "The body must be a JSON object (one event) or a JSON array (a batch).");
            return run.ToResult();
        }

        if (mode == CloudEventContentMode.Structured && first == (byte)'[')
        {
            run.Fail(ParseStatus.MalformedJson, ValidationProblem.BodyIndex, ValidationReason.NotAnObject,
                $"{CloudEventContentType.Structured} carries one event as a JSON object; send arrays as {CloudEventContentType.Batch}.");
            return run.ToResult();
        }

        if (mode == CloudEventContentMode.Batch && first == (byte)'{')
        {
            run.Fail(ParseStatus.MalformedJson, ValidationProblem.BodyIndex, ValidationReason.NotAnArray,
                $"{CloudEventContentType.Batch} carries a JSON array of events; send a single event as {CloudEventContentType.Structured}.");
            return run.ToResult();
        }

        if (isBatch && body.Length > options.MaxBatchBytes)
        {
            run.Fail(ParseStatus.TooLarge, ValidationProblem.BodyIndex, ValidationReason.BatchTooLarge,
                $"The batch is {body.Length} bytes; the limit is {options.MaxBatchBytes}.");
            return run.ToResult();
        }

        if (!isBatch && body.Length > options.MaxEventBytes)
        {
            run.Fail(ParseStatus.TooLarge, 0, ValidationReason.EventTooLarge,
                $"The event is {body.Length} bytes; the limit is {options.MaxEventBytes}.");
            return run.ToResult();
        }

        // The JSON reader does not check UTF-8 inside strings, and strings are decoded lazily later, so check once here.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            run.Fail(ParseStatus.MalformedJson, ValidationProblem.BodyIndex, ValidationReason.MalformedJson,
                $"The body is not valid UTF-8 (first invalid byte at offset {FirstInvalidUtf8Offset(body.Span)}).");
            return run.ToResult();
        }

        run.Read();
        return run.ToResult();
    }

    /// <summary>Parses bytes that must hold exactly one valid event, such as an Event Hubs message body.</summary>
    /// <exception cref="CloudEventFormatException">The bytes are not one valid CloudEvent.</exception>
    public static CloudEventEnvelope ParseEvent(ReadOnlyMemory<byte> utf8, EventValidationOptions? options = null)
    {
        var result = Parse(utf8, CloudEventContentMode.Structured, options);
        return result.IsValid ? result.Events[0] : throw new CloudEventFormatException(result.Problems);
    }

    private static int FirstInvalidUtf8Offset(ReadOnlySpan<byte> utf8)
    {
        var offset = 0;
        while (offset < utf8.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(utf8[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }

    private static int FirstSignificantByte(ReadOnlySpan<byte> span)
    {
        foreach (var b in span)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return -1;
    }
}
