using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Core.Events;

namespace Pipeline.Core.Tests.Events;

public sealed class ParserPropertyTests
{
    private static readonly string[] Whitespace = ["", " ", "\n", "\r\n\t  "];

    [Property(MaxTest = 200)]
    public Property Original_bytes_of_every_event_in_a_batch_round_trip_exactly()
    {
        var events = Gen.Choose(0, 1_000_000).Zip(Gen.Elements("a", "é", "日本", "😀", "x\\\"y"))
            .Select(t => TestEvents.Json(id: $"e{t.Item1}", subject: $"s-{t.Item1}", data: new JsonObject { ["v"] = t.Item1, ["s"] = t.Item2 }).ToJsonString())
            .ListOf()
            .Zip(Gen.Elements(Whitespace));

        return Prop.ForAll(events.ToArbitrary(), t =>
        {
            var (items, gap) = t;
            var body = Encoding.UTF8.GetBytes(gap + "[" + gap + string.Join("," + gap, items) + gap + "]" + gap);

            var result = CloudEventParser.Parse(body, CloudEventContentType.Json);

            return result.IsValid && result.Events.Select(e => Encoding.UTF8.GetString(e.Utf8.Span)).SequenceEqual(items);
        });
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_bytes_never_throw_and_never_yield_events_with_problems(byte[] body, bool batch)
    {
        var result = CloudEventParser.Parse(body, batch ? CloudEventContentType.Batch : CloudEventContentType.Json);

        return result.IsValid == (result.Problems.Count == 0);
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_subjects_are_valid_exactly_when_they_follow_the_stream_name_rules(NonNull<string> subject)
    {
        var s = subject.Get;
        var expected = s.Length is > 0 and <= 255
            && !s.Any(c => c is '/' or '\\' or '?' or '#' || char.IsControl(c))
            && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1])
            && !s.Any(char.IsSurrogate);

        var result = TestEvents.ParseSingle(TestEvents.Json(subject: s));

        // Lone surrogates cannot be encoded as UTF-8, so such subjects never reach the parser intact.
        return s.Any(char.IsSurrogate) || result.IsValid == expected;
    }
}
