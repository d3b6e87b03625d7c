using System.Text;
using System.Text.Json;
using Pipeline.Core.Events;

namespace Pipeline.Core.Tests.Events;

public sealed class CloudEventParserTests
{
    private const string Event0 = """{"specversion":"1.0","id":"e-0","source":"/s","type":"t.a","subject":"viewer-1","time":"2024-05-01T12:00:00Z","datacontenttype":"application/json","data":{"n":0,"name":"caf\u00e9"}}""";
    private const string Event1 = """{ "specversion" : "1.0", "id":"e-1","source":"/s","type":"t.b","subject":"viewer-2","data_base64":"aGVsbG8=", "traceparent":"00-abc" }""";

    [Theory]
    [InlineData("application/cloudevents+json")]
    [InlineData("application/json")]
    public void A_single_event_is_read_from_an_object_body(string contentType)
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(Event0), contentType);

        Assert.True(result.IsValid, result.Describe());
        Assert.False(result.IsBatch);
        var e = Assert.Single(result.Events);
        Assert.Equal(("e-0", "/s", "t.a", "viewer-1"), (e.Id, e.Source, e.Type, e.Subject));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), e.Time);
        Assert.Equal("application/json", e.DataContentType);
        Assert.Equal("café", e.Data!.Value.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("application/cloudevents-batch+json")]
    [InlineData("application/json")]
    public void A_batch_is_read_from_an_array_body_in_order(string contentType)
    {
        var body = Encoding.UTF8.GetBytes($"[\n  {Event0},\n  {Event1}\n]\n");

        var result = CloudEventParser.Parse(body, contentType);

        Assert.True(result.IsValid, result.Describe());
        Assert.True(result.IsBatch);
        Assert.Equal(new[] { "e-0", "e-1" }, result.Events.Select(e => e.Id));
        Assert.Equal(new[] { 0, 1 }, result.Events.Select(e => e.Index));
    }

    [Fact]
    public void Each_event_keeps_its_original_bytes_exactly()
    {
        var body = Encoding.UTF8.GetBytes($"[{Event0} , \r\n\t{Event1}]");

        var result = CloudEventParser.Parse(body, CloudEventContentType.Batch);

        Assert.Equal(new[] { Event0, Event1 }, result.Events.Select(e => Encoding.UTF8.GetString(e.Utf8.Span)));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Events[1].Utf8, out var segment));
        Assert.Same(body, segment.Array);
    }

    [Fact]
    public void An_empty_batch_is_valid_and_has_no_events()
    {
        var result = CloudEventParser.Parse("[ ]"u8.ToArray(), CloudEventContentType.Batch);

        Assert.True(result.IsValid);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Data_is_absent_when_the_event_has_none_or_null()
    {
        var none = TestEvents.Envelope(TestEvents.Json());
        var nullData = TestEvents.Envelope(TestEvents.Json().With("data", null));

        Assert.False(none.HasData);
        Assert.Null(none.Data);
        Assert.False(nullData.HasData);
        Assert.Null(nullData.GetDataBase64());
    }

    [Fact]
    public void Data_base64_is_decoded_on_request()
    {
        var e = CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(Event1));

        Assert.True(e.HasDataBase64);
        Assert.Null(e.Data);
        Assert.Equal("hello"u8.ToArray(), e.GetDataBase64());
    }

    [Fact]
    public void Extension_attributes_are_exposed_and_core_attributes_are_not()
    {
        var e = CloudEventParser.ParseEvent(Encoding.UTF8.GetBytes(Event1));

        var extension = Assert.Single(e.Extensions);
        Assert.Equal("traceparent", extension.Key);
        Assert.Equal("00-abc", extension.Value.GetString());
    }

    [Fact]
    public void Escaped_attribute_names_and_values_are_understood()
    {
        var body = TestEvents.Utf8("""{"spec\u0076ersion":"1.0","\u0069d":"e\u002d1","source":"/s","type":"t","subject":"caf\u00e9","time":"2024-05-01T12:00:00\u005a"}""");

        var e = CloudEventParser.ParseEvent(body);

        Assert.Equal(("e-1", "café"), (e.Id, e.Subject));
        Assert.NotNull(e.Time);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        var body = (byte[])[0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Event0)];

        var result = CloudEventParser.Parse(body, CloudEventContentType.Json);

        Assert.True(result.IsValid, result.Describe());
        Assert.Equal(Event0, Encoding.UTF8.GetString(result.Events[0].Utf8.Span));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("[{\"id\":")]
    [InlineData("{\"id\":\"a\"} trailing")]
    [InlineData("{'id':'single quotes'}")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("{\"id\":\"a\",}")]
    public void Malformed_json_is_told_apart_from_invalid_events(string body)
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(body), CloudEventContentType.Json);

        Assert.Equal(ParseStatus.MalformedJson, result.Status);
        Assert.Contains(result.Problems, p => p.Reason == ValidationReason.MalformedJson);
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Invalid_utf8_is_malformed()
    {
        var body = (byte[])[.. "{\"specversion\":\"1.0\",\"id\":\""u8, 0xC3, 0x28, .. "\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"s\"}"u8];

        var result = CloudEventParser.Parse(body, CloudEventContentType.Json);

        Assert.Equal(ParseStatus.MalformedJson, result.Status);
    }

    [Fact]
    public void Invalid_utf8_inside_data_is_malformed_so_projections_can_always_decode_data()
    {
        var body = (byte[])[.. "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"/s\",\"type\":\"t\",\"subject\":\"s\",\"data\":{\"x\":\""u8, 0xC3, 0x28, .. "\"}}"u8];

        var result = CloudEventParser.Parse(body, CloudEventContentType.Json);

        Assert.Equal(ParseStatus.MalformedJson, result.Status);
        Assert.Contains("offset 82", Assert.Single(result.Problems).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_structured_content_type_with_an_array_body_is_rejected_as_the_wrong_shape()
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes($"[{Event0}]"), CloudEventContentType.Structured);

        Assert.Equal(ParseStatus.MalformedJson, result.Status);
        Assert.Equal((ValidationProblem.BodyIndex, ValidationReason.NotAnObject), result.Problems.Select(p => (p.Index, p.Reason)).Single());
    }

    [Fact]
    public void A_batch_content_type_with_an_object_body_is_rejected_as_the_wrong_shape()
    {
        var result = CloudEventParser.Parse(Encoding.UTF8.GetBytes(Event0), CloudEventContentType.Batch);

        Assert.Equal(ParseStatus.MalformedJson, result.Status);
        Assert.Equal(ValidationReason.NotAnArray, Assert.Single(result.Problems).Reason);
    }

    [Fact]
    public void Parsing_one_event_that_is_invalid_throws_with_every_problem()
    {
        var error = Assert.Throws<CloudEventFormatException>(() =>
            CloudEventParser.ParseEvent(TestEvents.Utf8(TestEvents.Json().Without("id").Without("source"))));

        Assert.Equal(new[] { "id", "source" }, error.Problems.Select(p => p.Attribute));
    }

    [Fact]
    public void Problems_serialize_as_index_attribute_and_camel_case_reason()
    {
        var problem = new ValidationProblem(2, "subject", ValidationReason.IllegalCharacters, "no slashes");

        var json = JsonSerializer.Serialize(problem, new JsonSerializerOptions(JsonSerializerDefaults.Web));

        Assert.Equal("""{"index":2,"attribute":"subject","reason":"illegalCharacters","detail":"no slashes"}""", json);
    }

    [Fact]
    public void Problems_serialize_through_the_source_generated_context()
    {
        var result = TestEvents.ParseBatch(new System.Text.Json.Nodes.JsonArray(TestEvents.Json().Without("source")));

        var json = JsonSerializer.Serialize(result.Problems, ValidationProblemJsonContext.Default.IReadOnlyListValidationProblem);

        Assert.Equal("""[{"index":0,"attribute":"source","reason":"missing","detail":"The attribute is required."}]""", json);
    }

    [Fact]
    public void Too_large_outranks_invalid_in_the_verdict()
    {
        var options = new EventValidationOptions { MaxEventBytes = 300 };
        var batch = new System.Text.Json.Nodes.JsonArray(TestEvents.Json().Without("id"), TestEvents.Json(data: new string('x', 400)));

        var result = TestEvents.ParseBatch(batch, options);

        Assert.Equal(ParseStatus.TooLarge, result.Status);
        Assert.Equal(new[] { ValidationReason.Missing, ValidationReason.EventTooLarge }, result.Problems.Select(p => p.Reason));
    }

    [Fact]
    public void A_batch_larger_than_the_default_limit_is_refused_without_reading_it()
    {
        var body = new byte[EventValidationOptions.Default.MaxBatchBytes + 1];
        body[0] = (byte)'[';

        var result = CloudEventParser.Parse(body, CloudEventContentType.Json);

        Assert.Equal(ParseStatus.TooLarge, result.Status);
    }
}
