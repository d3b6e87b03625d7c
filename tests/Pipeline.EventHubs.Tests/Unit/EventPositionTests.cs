using Pipeline.EventHubs.Consumer;

namespace Pipeline.EventHubs.Tests.Unit;

public class EventPositionTests
{
    public static TheoryData<string, string> Positions => new()
    {
        { "earliest", "amqp.annotation.x-opt-offset > '-1'" },
        { "latest", "amqp.annotation.x-opt-offset > '@latest'" },
        { "offset inclusive", "amqp.annotation.x-opt-offset >= '1024'" },
        { "offset exclusive", "amqp.annotation.x-opt-offset > '1024'" },
        { "sequence inclusive", "amqp.annotation.x-opt-sequence-number >= '42'" },
        { "sequence exclusive", "amqp.annotation.x-opt-sequence-number > '42'" },
        { "enqueued time", "amqp.annotation.x-opt-enqueued-time > '1700000000123'" },
        { "default", "amqp.annotation.x-opt-offset > '-1'" },
    };

    [Theory]
    [MemberData(nameof(Positions))]
    public void Each_position_becomes_the_selector_filter_event_hubs_understands(string name, string expected)
    {
        var position = name switch
        {
            "earliest" => EventPosition.Earliest,
            "latest" => EventPosition.Latest,
            "offset inclusive" => EventPosition.FromOffset(1024),
            "offset exclusive" => EventPosition.FromOffset("1024", isInclusive: false),
            "sequence inclusive" => EventPosition.FromSequenceNumber(42),
            "sequence exclusive" => EventPosition.FromSequenceNumber(42, isInclusive: false),
            "enqueued time" => EventPosition.FromEnqueuedTime(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123)),
            _ => default,
        };

        Assert.Equal(expected, position.ToFilterExpression());
    }

    [Fact]
    public void Positions_compare_by_value()
    {
        Assert.Equal(EventPosition.FromSequenceNumber(5), EventPosition.FromSequenceNumber(5));
        Assert.NotEqual(EventPosition.FromSequenceNumber(5), EventPosition.FromSequenceNumber(5, isInclusive: false));
        Assert.True(EventPosition.Earliest != EventPosition.Latest);
    }
}
