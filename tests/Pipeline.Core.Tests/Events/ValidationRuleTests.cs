using System.Text.Json.Nodes;
using Pipeline.Core.Events;

namespace Pipeline.Core.Tests.Events;

public sealed class ValidationRuleTests
{
    // Each row sets one attribute of an otherwise valid event; reason null means the event must stay valid.
    [Theory]
    [InlineData("specversion", "\"1.0\"", null)]
    [InlineData("specversion", "\"0.3\"", ValidationReason.InvalidValue)]
    [InlineData("specversion", "1.0", ValidationReason.WrongType)]
    [InlineData("specversion", "null", ValidationReason.Missing)]
    [InlineData("id", "\"a-1\"", null)]
    [InlineData("id", "\"\"", ValidationReason.Empty)]
    [InlineData("id", "5", ValidationReason.WrongType)]
    [InlineData("id", "repeat:255", null)]
    [InlineData("id", "repeat:256", ValidationReason.TooLong)]
    [InlineData("id", "null", ValidationReason.Missing)]
    [InlineData("source", "\"https://example.com/app\"", null)]
    [InlineData("source", "\"\"", ValidationReason.Empty)]
    [InlineData("source", "{}", ValidationReason.WrongType)]
    [InlineData("source", "repeat:1025", ValidationReason.TooLong)]
    [InlineData("type", "\"com.example.thing\"", null)]
    [InlineData("type", "\"\"", ValidationReason.Empty)]
    [InlineData("type", "true", ValidationReason.WrongType)]
    [InlineData("subject", "\"viewer-42\"", null)]
    [InlineData("subject", "\"日本語 ストリーム\"", null)]
    [InlineData("subject", "\"a b\"", null)]
    [InlineData("subject", "\"a/b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\"a\\\\b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\"a?b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\"a#b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\"a\\u0001b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\"a\\u0085b\"", ValidationReason.IllegalCharacters)]
    [InlineData("subject", "\" leading\"", ValidationReason.SurroundingWhitespace)]
    [InlineData("subject", "\"nbsp\\u00a0\"", ValidationReason.SurroundingWhitespace)]
    [InlineData("subject", "\"trailing \"", ValidationReason.SurroundingWhitespace)]
    [InlineData("subject", "\"\"", ValidationReason.Empty)]
    [InlineData("subject", "repeat:255", null)]
    [InlineData("subject", "repeat:256", ValidationReason.TooLong)]
    [InlineData("subject", "42", ValidationReason.WrongType)]
    [InlineData("subject", "null", ValidationReason.Missing)]
    [InlineData("time", "\"2024-05-01T12:00:00Z\"", null)]
    [InlineData("time", "\"2024-05-01T12:00:00.123456+02:00\"", null)]
    [InlineData("time", "\"2024-05-01t12:00:00z\"", null)]
    [InlineData("time", "\"2024-05-01 12:00:00-05:30\"", null)]
    [InlineData("time", "null", null)]
    [InlineData("time", "\"2024-05-01T12:00:00\"", ValidationReason.InvalidValue)]
    [InlineData("time", "\"2024-05-01\"", ValidationReason.InvalidValue)]
    [InlineData("time", "\"2024-13-01T12:00:00Z\"", ValidationReason.InvalidValue)]
    [InlineData("time", "\"yesterday\"", ValidationReason.InvalidValue)]
    [InlineData("time", "1714564800", ValidationReason.WrongType)]
    [InlineData("datacontenttype", "\"application/json\"", null)]
    [InlineData("datacontenttype", "1", ValidationReason.WrongType)]
    [InlineData("datacontenttype", "repeat:1025", ValidationReason.TooLong)]
    [InlineData("dataschema", "\"https://example.com/schema.json\"", null)]
    [InlineData("dataschema", "\"not a uri\"", ValidationReason.InvalidValue)]
    [InlineData("dataschema", "[]", ValidationReason.WrongType)]
    [InlineData("data", "{\"a\":1}", null)]
    [InlineData("data", "\"text\"", null)]
    [InlineData("data", "[1,2,3]", null)]
    [InlineData("data", "null", null)]
    [InlineData("data_base64", "\"aGVsbG8=\"", null)]
    [InlineData("data_base64", "\"!!not base64!!\"", ValidationReason.InvalidValue)]
    [InlineData("data_base64", "1", ValidationReason.WrongType)]
    [InlineData("myext", "\"value\"", null)]
    [InlineData("myext", "42", null)]
    [InlineData("myext", "false", null)]
    [InlineData("myext", "null", null)]
    [InlineData("abcdefghij0123456789", "1", null)]
    [InlineData("abcdefghij0123456789x", "1", ValidationReason.InvalidName)]
    [InlineData("MyExt", "\"value\"", ValidationReason.InvalidName)]
    [InlineData("my_ext", "\"value\"", ValidationReason.InvalidName)]
    [InlineData("myext", "1.5", ValidationReason.InvalidValue)]
    [InlineData("myext", "{\"nested\":true}", ValidationReason.WrongType)]
    [InlineData("myext", "[1]", ValidationReason.WrongType)]
    public void An_attribute_value_is_accepted_or_rejected_with_its_reason(string attribute, string value, ValidationReason? expected)
    {
        var node = value.StartsWith("repeat:", StringComparison.Ordinal)
            ? JsonValue.Create(new string('a', int.Parse(value["repeat:".Length..], System.Globalization.CultureInfo.InvariantCulture)))
            : JsonNode.Parse(value);
        var result = TestEvents.ParseSingle(TestEvents.Json().With(attribute, node));

        if (expected is null)
        {
            Assert.True(result.IsValid, result.Describe());
            Assert.Single(result.Events);
        }
        else
        {
            var problem = Assert.Single(result.Problems);
            Assert.Equal(new ValidationProblem(0, attribute, expected.Value, problem.Detail), problem);
            Assert.Equal(ParseStatus.Invalid, result.Status);
            Assert.Empty(result.Events);
        }
    }

    [Theory]
    [InlineData("specversion")]
    [InlineData("id")]
    [InlineData("source")]
    [InlineData("type")]
    [InlineData("subject")]
    public void A_missing_required_attribute_is_reported(string attribute)
    {
        var result = TestEvents.ParseSingle(TestEvents.Json().Without(attribute));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((0, attribute, ValidationReason.Missing), (problem.Index, problem.Attribute, problem.Reason));
    }

    [Fact]
    public void Every_problem_of_an_event_is_reported_not_just_the_first()
    {
        var json = TestEvents.Json().Without("id").With("subject", "a/b").With("time", "noon").With("Bad", 1);

        var result = TestEvents.ParseSingle(json);

        Assert.Equal(
            new[] { ("Bad", ValidationReason.InvalidName), ("time", ValidationReason.InvalidValue), ("id", ValidationReason.Missing), ("subject", ValidationReason.IllegalCharacters) }.Order(),
            result.Problems.Select(p => (p.Attribute!, p.Reason)).Order());
    }

    [Fact]
    public void Problems_carry_the_index_of_the_event_in_the_batch()
    {
        var batch = new JsonArray(
            TestEvents.Json(id: "ok-0"),
            TestEvents.Json().Without("type"),
            TestEvents.Json(id: "ok-2"),
            TestEvents.Json(subject: "x#y"),
            JsonValue.Create(7));

        var result = TestEvents.ParseBatch(batch);

        Assert.Equal(ParseStatus.Invalid, result.Status);
        Assert.Equal(
            new[] { (1, "type", ValidationReason.Missing), (3, "subject", ValidationReason.IllegalCharacters), (4, (string?)null, ValidationReason.NotAnObject) },
            result.Problems.Select(p => (p.Index, p.Attribute, p.Reason)));
        Assert.Equal(new[] { 0, 2 }, result.Events.Select(e => e.Index));
    }

    [Fact]
    public void A_duplicated_attribute_is_rejected()
    {
        var body = TestEvents.Utf8("""{"specversion":"1.0","id":"a","id":"b","source":"/s","type":"t","subject":"s","ext":1,"ext":2}""");

        var result = CloudEventParser.Parse(body, CloudEventContentType.Structured);

        Assert.Equal(new[] { ("id", ValidationReason.Duplicate), ("ext", ValidationReason.Duplicate) }, result.Problems.Select(p => (p.Attribute!, p.Reason)));
    }

    [Fact]
    public void Extension_names_are_compared_after_unescaping()
    {
        var body = TestEvents.Utf8("""{"specversion":"1.0","id":"a","source":"/s","type":"t","subject":"s","ext":1,"\u0065xt":2,"\u0041b":3}""");

        var result = CloudEventParser.Parse(body, CloudEventContentType.Structured);

        Assert.Equal(new[] { ("ext", ValidationReason.Duplicate), ("Ab", ValidationReason.InvalidName) }, result.Problems.Select(p => (p.Attribute!, p.Reason)));
    }

    [Fact]
    public void Data_and_data_base64_together_conflict()
    {
        var result = TestEvents.ParseSingle(TestEvents.Json(data: "x").With("data_base64", "aGk="));

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("data_base64", ValidationReason.Conflict), (problem.Attribute, problem.Reason));
    }

    [Fact]
    public void An_event_larger_than_the_event_limit_is_too_large()
    {
        var options = new EventValidationOptions { MaxEventBytes = 300 };
        var small = TestEvents.Json(data: new string('x', 50));
        var big = TestEvents.Json(data: new string('x', 300));

        Assert.True(TestEvents.ParseSingle(small, options).IsValid);
        var single = TestEvents.ParseSingle(big, options);
        var batch = TestEvents.ParseBatch(new JsonArray(small, big), options);

        Assert.Equal(ParseStatus.TooLarge, single.Status);
        Assert.Equal(ValidationReason.EventTooLarge, Assert.Single(single.Problems).Reason);
        Assert.Equal(ParseStatus.TooLarge, batch.Status);
        Assert.Equal((1, ValidationReason.EventTooLarge), batch.Problems.Select(p => (p.Index, p.Reason)).Single());
    }

    [Fact]
    public void A_batch_with_more_events_than_allowed_is_too_large()
    {
        var options = new EventValidationOptions { MaxBatchEvents = 3 };
        var three = new JsonArray([.. Enumerable.Range(0, 3).Select(i => (JsonNode)TestEvents.Json(id: $"e{i}"))]);
        var four = new JsonArray([.. Enumerable.Range(0, 4).Select(i => (JsonNode)TestEvents.Json(id: $"e{i}"))]);

        Assert.True(TestEvents.ParseBatch(three, options).IsValid);
        var result = TestEvents.ParseBatch(four, options);

        Assert.Equal(ParseStatus.TooLarge, result.Status);
        Assert.Equal((ValidationProblem.BodyIndex, ValidationReason.BatchTooLarge), result.Problems.Select(p => (p.Index, p.Reason)).Single());
    }

    [Fact]
    public void A_batch_with_more_bytes_than_allowed_is_too_large_before_parsing()
    {
        var batch = new JsonArray(TestEvents.Json(), TestEvents.Json(id: "e-2"));
        var size = TestEvents.Utf8(batch).Length;

        Assert.True(TestEvents.ParseBatch(batch, new EventValidationOptions { MaxBatchBytes = size }).IsValid);
        var result = TestEvents.ParseBatch(batch, new EventValidationOptions { MaxBatchBytes = size - 1 });

        Assert.Equal(ParseStatus.TooLarge, result.Status);
        Assert.Equal(ValidationReason.BatchTooLarge, Assert.Single(result.Problems).Reason);
    }
}
