using Pipeline.Core.Events;

namespace Pipeline.Core.Tests.Events;

public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("application/cloudevents+json", CloudEventContentMode.Structured)]
    [InlineData("application/cloudevents+json; charset=utf-8", CloudEventContentMode.Structured)]
    [InlineData("Application/CloudEvents+JSON;charset=\"UTF-8\"", CloudEventContentMode.Structured)]
    [InlineData("application/cloudevents-batch+json", CloudEventContentMode.Batch)]
    [InlineData("application/json", CloudEventContentMode.Json)]
    [InlineData(" application/json ; charset=utf8", CloudEventContentMode.Json)]
    [InlineData("application/json; charset=utf-16", CloudEventContentMode.Unsupported)]
    [InlineData("application/json; charset=iso-8859-1", CloudEventContentMode.Unsupported)]
    [InlineData("text/plain", CloudEventContentMode.Unsupported)]
    [InlineData("application/x-www-form-urlencoded", CloudEventContentMode.Unsupported)]
    [InlineData("application/cloudevents+xml", CloudEventContentMode.Unsupported)]
    [InlineData("", CloudEventContentMode.Unsupported)]
    [InlineData(null, CloudEventContentMode.Unsupported)]
    public void A_content_type_is_classified_by_media_type_and_charset(string? contentType, CloudEventContentMode expected)
    {
        Assert.Equal(expected, CloudEventContentType.Classify(contentType));
    }

    [Fact]
    public void An_unsupported_media_type_is_reported_without_reading_the_body()
    {
        var result = CloudEventParser.Parse("not even json"u8.ToArray(), "text/plain");

        Assert.Equal(ParseStatus.UnsupportedMediaType, result.Status);
        Assert.Equal(ValidationReason.UnsupportedMediaType, Assert.Single(result.Problems).Reason);
    }
}
