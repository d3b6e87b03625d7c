using Pipeline.Core.Projections.Summary;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Streams;

namespace Pipeline.Cosmos.Tests;

public sealed class AppendTests(StoreFixture fixture) : IClassFixture<StoreFixture>
{
    [Fact]
    public async Task Appending_to_a_new_stream_creates_it_with_versions_from_one_in_one_write()
    {
        var (store, _, _) = await fixture.NewStoreAsync();

        var result = await store.AppendAsync("orders-1", ExpectedVersion.NoStream, TestEvents.Many(3, subject: "orders-1"));

        Assert.Equal(3, result.Version);
        Assert.Equal(1, result.FirstAppendedVersion);
        Assert.Equal(3, result.AppendedCount);
        Assert.Equal(1, result.DocumentWrites);
        Assert.True(result.RequestCharge > 0);
        var summary = result.State.FindProjection(SummaryProjection.ProjectionName)!;
        Assert.Equal(3, ((SummaryState)summary.Deserialize(new SummaryProjection())).TotalCount);
    }

    [Fact]
    public async Task Appending_with_the_current_version_extends_the_stream()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        await store.AppendAsync("s", ExpectedVersion.NoStream, TestEvents.Many(2));

        var result = await store.AppendAsync("s", ExpectedVersion.Exact(2), TestEvents.Many(2, first: 3));

        Assert.Equal(4, result.Version);
        Assert.Equal(3, result.FirstAppendedVersion);
    }

    [Fact]
    public async Task A_wrong_expected_version_throws_with_the_current_version_and_state()
    {
        var (store, _, _) = await fixture.NewStoreAsync();
        await store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(5));

        var error = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync("s", ExpectedVersion.Exact(3), TestEvents.Many(1, first: 6)));

        Assert.Equal(5, error.CurrentVersion);
        Assert.Equal(5, ((SummaryState)error.Current!.FindProjection("summary")!.Deserialize(new SummaryProjection())).TotalCount);
        var noStream = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => store.AppendAsync("s", ExpectedVersion.NoStream, TestEvents.Many(1, first: 6)));
        Assert.Equal(5, noStream.CurrentVersion);
    }

    [Fact]
    public async Task A_stale_cache_does_not_fail_an_append_whose_expected_version_is_current()
    {
        var test = await fixture.NewStoreAsync();
        var other = test.Another();
        await test.Store.AppendAsync("s", ExpectedVersion.Any, TestEvents.Many(1));
        await test.Store.ReadStreamAsync("s");
        await other.AppendAsync("s", ExpectedVersion.Exact(1), TestEvents.Many(1, first: 2));

        var result = await test.Store.AppendAsync("s", ExpectedVersion.Exact(2), TestEvents.Many(1, first: 3));

        Assert.Equal(3, result.Version);
    }

    [Fact]
    public async Task Parallel_writers_with_any_version_lose_no_update()
    {
        var test = await fixture.NewStoreAsync(o => o.MaxTipEvents = 10);
        var writers = Enumerable.Range(0, 6).Select(_ => test.Another(o => o.MaxTipEvents = 10)).ToList();

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var k = 0; k < 8; k++)
            {
                await writer.AppendAsync("hot", ExpectedVersion.Any, TestEvents.Many(3, prefix: $"w{w}-{k}", subject: "hot"));
            }
        })));

        var page = await test.Store.ReadEventsAsync("hot", 1, 1000);
        Assert.Equal(6 * 8 * 3, page.StreamVersion);
        Assert.Equal(Enumerable.Range(1, 144).Select(v => (long)v), page.Events.Select(e => e.Version));
        Assert.Equal(144, page.Events.Select(TestEvents.IdOf).Distinct().Count());
        var state = (await test.Store.ReadStreamAsync("hot")).State!;
        Assert.Equal(144, ((SummaryState)state.FindProjection("summary")!.Deserialize(new SummaryProjection())).TotalCount);
    }

    [Fact]
    public async Task Parallel_writers_with_exact_versions_detect_conflicts_and_retry_from_the_exception()
    {
        var test = await fixture.NewStoreAsync();
        var writers = Enumerable.Range(0, 4).Select(_ => test.Another()).ToList();
        var conflicts = 0;

        await Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            var expected = 0L;
            for (var k = 0; k < 5; k++)
            {
                while (true)
                {
                    try
                    {
                        expected = (await writer.AppendAsync("contended", ExpectedVersion.Exact(expected), TestEvents.Many(1, prefix: $"w{w}-{k}", subject: "contended"))).Version;
                        break;
                    }
                    catch (WrongExpectedVersionException ex)
                    {
                        Interlocked.Increment(ref conflicts);
                        expected = ex.CurrentVersion;
                    }
                }
            }
        })));

        var page = await test.Store.ReadEventsAsync("contended");
        Assert.Equal(20, page.StreamVersion);
        Assert.Equal(20, page.Events.Select(TestEvents.IdOf).Distinct().Count());
        Assert.True(conflicts > 0, "four writers starting at version 0 must collide at least once");
    }
}
