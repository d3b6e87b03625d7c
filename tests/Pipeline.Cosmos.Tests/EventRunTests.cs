using System.Text;
using Pipeline.Cosmos.Documents;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class EventRunTests
{
    [Fact]
    public void An_encoded_run_parses_back_to_the_same_versions_ids_positions_and_bytes()
    {
        var events = Stored(1, 3, partition: "2");
        events.Add(new StoredEvent(4, "quote\"and\\slash-é", null, Encoding.UTF8.GetBytes("""{"id":"x","data":[1,{"a":"b"}]}""")));

        var run = EventRun.Parse(EventRun.Encode(events).Json.ToArray(), "test run");

        AssertSame(events, run.Events);
        Assert.Equal(events.Sum(e => e.Utf8.Length), run.EventBytes);
    }

    [Fact]
    public void Concatenated_runs_hold_the_same_json_as_encoding_all_their_events_at_once()
    {
        var first = Stored(1, 5);
        var second = Stored(6, 3, partition: "0");

        var joined = EventRun.Encode(first).Concat(EventRun.Encode(second));

        Assert.Equal(EventRun.Encode([.. first, .. second]).Json.ToArray(), joined.Json.ToArray());
        AssertSame([.. first, .. second], joined.Events);
        AssertSame([.. first, .. second], EventRun.Parse(joined.Json.ToArray(), "joined").Events);
    }

    [Fact]
    public void Concatenating_onto_a_run_that_was_itself_concatenated_keeps_every_event_intact()
    {
        var run = EventRun.Empty;
        var all = new List<StoredEvent>();
        for (var k = 0; k < 5; k++)
        {
            var more = Stored(1 + (k * 2), 2);
            all.AddRange(more);
            run = run.Concat(EventRun.Encode(more));
        }

        AssertSame(all, run.Events);
        AssertSame(all, EventRun.Parse(run.Json.ToArray(), "run").Events);
    }

    [Fact]
    public void A_run_from_a_later_version_holds_only_the_events_from_there_on()
    {
        var events = Stored(10, 6);
        var run = EventRun.Encode(events);

        Assert.Same(run, run.From(10));
        Assert.Equal([13L, 14, 15], run.From(13).Events.Select(e => e.Version));
        Assert.Equal(EventRun.Encode(events.Skip(3).ToList()).Json.ToArray(), run.From(13).Json.ToArray());
    }

    [Fact]
    public void A_stored_array_of_something_other_than_events_is_reported_as_a_store_error()
    {
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""{"v":1}"""u8.ToArray(), "bad"));
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""[{"v":1,"id":"a"}]"""u8.ToArray(), "bad"));
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""[{"v":1,"id":"a","d":{]"""u8.ToArray(), "bad"));
    }

    private static List<StoredEvent> Stored(long firstVersion, int count, string? partition = null) =>
        Enumerable.Range(0, count)
            .Select(k => new StoredEvent(
                firstVersion + k,
                $"e-{firstVersion + k}",
                partition is null ? null : new EventHubsPosition(partition, 100 + firstVersion + k),
                Encoding.UTF8.GetBytes($$$"""{"specversion":"1.0","id":"e-{{{firstVersion + k}}}","data":{"n":{{{k}}},"s":"x\ny"}}""")))
            .ToList();

    private static void AssertSame(IReadOnlyList<StoredEvent> expected, IReadOnlyList<StoredEvent> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k].Version, actual[k].Version);
            Assert.Equal(expected[k].EventId, actual[k].EventId);
            Assert.Equal(expected[k].Position, actual[k].Position);
            Assert.Equal(expected[k].Utf8.ToArray(), actual[k].Utf8.ToArray());
        }
    }
}
