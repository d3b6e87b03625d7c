using Pipeline.Cli.Load;

namespace Pipeline.Cli.Tests;

public class StreamVerifierTests
{
    /// <summary>Events 1..n, each in its own request, each acknowledged before the next was sent.</summary>
    private static List<SentEvent> Sequential(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new SentEvent($"e{i}", i, Request: i, SentTicks: i * 10, AckTicks: (i * 10) + 5, Accepted: true))];

    private static List<ObservedEvent> Observed(params string[] ids) => [.. ids.Select((id, i) => new ObservedEvent(id, i + 1))];

    [Fact]
    public void A_history_equal_to_what_was_sent_is_clean()
    {
        var verdict = StreamVerifier.Verify("s", Sequential(5), Observed("e1", "e2", "e3", "e4", "e5"));

        Assert.True(verdict.Clean);
        Assert.Equal((5L, 5L, 0L, 0L, 0L, 0L), (verdict.Accepted, verdict.Observed, verdict.Missing, verdict.Duplicated, verdict.OutOfOrder, verdict.Unexpected));
    }

    [Fact]
    public void An_injected_duplicate_is_counted()
    {
        var verdict = StreamVerifier.Verify("s", Sequential(3), Observed("e1", "e2", "e2", "e3"));

        Assert.Equal(1, verdict.Duplicated);
        Assert.Equal(0, verdict.Missing);
        Assert.False(verdict.Clean);
    }

    [Fact]
    public void An_injected_gap_is_counted_as_missing()
    {
        var verdict = StreamVerifier.Verify("s", Sequential(4), Observed("e1", "e3", "e4"));

        Assert.Equal(1, verdict.Missing);
        Assert.Equal(0, verdict.OutOfOrder);
    }

    [Fact]
    public void An_injected_reordering_of_acknowledged_events_is_counted()
    {
        var verdict = StreamVerifier.Verify("s", Sequential(4), Observed("e1", "e3", "e2", "e4"));

        Assert.Equal(1, verdict.OutOfOrder);
        Assert.Equal(0, verdict.Missing);
    }

    [Fact]
    public void Events_of_one_request_must_keep_their_order()
    {
        List<SentEvent> sent = [new("a", 1, 7, 0, 5, true), new("b", 2, 7, 0, 5, true)];

        var verdict = StreamVerifier.Verify("s", sent, Observed("b", "a"));

        Assert.Equal(1, verdict.OutOfOrder);
    }

    [Fact]
    public void Two_requests_in_flight_at_once_may_land_either_way_round()
    {
        // a was sent at 0 and acknowledged at 10; b was sent at 5, before a's acknowledgement.
        List<SentEvent> sent = [new("a", 1, 1, 0, 10, true), new("b", 2, 2, 5, 12, true)];

        var verdict = StreamVerifier.Verify("s", sent, Observed("b", "a"));

        Assert.True(verdict.Clean);
    }

    [Fact]
    public void Events_never_acknowledged_are_neither_missing_nor_errors_but_unexpected_when_seen()
    {
        var sent = Sequential(2);
        sent.Add(new SentEvent("e3", 3, 3, 30, 0, Accepted: false));
        sent.Add(new SentEvent("e4", 4, 4, 40, 0, Accepted: false));

        var verdict = StreamVerifier.Verify("s", sent, Observed("e1", "e2", "e3"));

        Assert.True(verdict.Clean);
        Assert.Equal(1, verdict.Unexpected);
        Assert.Equal(2, verdict.Accepted);
    }

    [Fact]
    public void Every_problem_at_once_is_counted_separately()
    {
        var verdict = StreamVerifier.Verify("s", Sequential(6), Observed("e1", "e1", "e3", "e2", "e5", "stranger"));

        Assert.Equal((2L, 1L, 1L, 1L), (verdict.Missing, verdict.Duplicated, verdict.OutOfOrder, verdict.Unexpected));
    }
}
