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
    public void A_stored_array_of_something_other_than_events_is_reported_as_a_store_error()
    {
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""{"v":1}"""u8.ToArray(), "bad"));
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""[{"v":1,"id":"a"}]"""u8.ToArray(), "bad"));
        Assert.Throws<EventStoreException>(() => EventRun.Parse("""[{"v":1,"id":"a","d":{]"""u8.ToArray(), "bad"));
    }

    internal static List<StoredEvent> Stored(long firstVersion, int count, string? partition = null) =>
        Enumerable.Range(0, count)
            .Select(k => new StoredEvent(
                firstVersion + k,
                $"e-{firstVersion + k}",
                partition is null ? null : new EventHubsPosition(partition, 100 + firstVersion + k),
                Encoding.UTF8.GetBytes($$$"""{"specversion":"1.0","id":"e-{{{firstVersion + k}}}","data":{"n":{{{k}}},"s":"x\ny"}}""")))
            .ToList();

    internal static void AssertSame(IReadOnlyList<StoredEvent> expected, IEnumerable<StoredEvent> actual)
    {
        var actualList = actual.ToList();
        Assert.Equal(expected.Count, actualList.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(expected[k].Version, actualList[k].Version);
            Assert.Equal(expected[k].EventId, actualList[k].EventId);
            Assert.Equal(expected[k].Position, actualList[k].Position);
            Assert.Equal(expected[k].Utf8.ToArray(), actualList[k].Utf8.ToArray());
        }
    }
}
