using System.Text.Json;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Testing;

namespace Pipeline.Emulators.EventHubs.Tests;

/// <summary>The official JavaScript SDK (@azure/event-hubs 6.0.4) is the oracle: each script runs several checks and prints JSON.</summary>
public sealed class JsSdkConformanceTests
{
    private static string Script(string name) => RepositoryRoot.Combine("tests", "Pipeline.Emulators.EventHubs.Tests", "node", name);

    private static async Task<JsonElement> RunAsync(EventHubsEmulator emulator, string script, string hub, Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["EH_CONNECTION_STRING"] = emulator.GetConnectionString(),
            ["EH_HUB"] = hub,
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        var result = await NodeScript.RunAsync(Script(script), environment: environment, timeout: TimeSpan.FromSeconds(100));
        result.EnsureSuccess();
        var json = result.StandardOutput.Trim().Split('\n')[^1];
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static long[] Longs(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];

    [Fact]
    public async Task Js_sdk_reads_properties_sends_and_receives_from_every_start_position()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("basics", 4, "cg1"));

        var r = await RunAsync(emulator, "basics.mjs", "basics");

        Assert.False(r.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal("basics", r.GetProperty("hub").GetProperty("name").GetString());
        Assert.Equal(["0", "1", "2", "3"], r.GetProperty("hub").GetProperty("partitionIds").EnumerateArray().Select(e => e.GetString()));
        Assert.True(r.GetProperty("hub").GetProperty("createdOnIsDate").GetBoolean());

        var empty = r.GetProperty("emptyPartition");
        Assert.True(empty.GetProperty("isEmpty").GetBoolean());
        Assert.Equal(-1, empty.GetProperty("lastEnqueuedSequenceNumber").GetInt64());
        Assert.Equal("-1", empty.GetProperty("lastEnqueuedOffset").GetString());

        var p1 = r.GetProperty("partition1");
        Assert.False(p1.GetProperty("isEmpty").GetBoolean());
        Assert.Equal(5, p1.GetProperty("lastEnqueuedSequenceNumber").GetInt64());

        var events = r.GetProperty("earliest").EnumerateArray().ToList();
        Assert.Equal(6, events.Count);
        Assert.Equal([0L, 1, 2, 3, 4, 5], events.Select(e => e.GetProperty("sequenceNumber").GetInt64()));
        Assert.Equal(3, events[3].GetProperty("body").GetProperty("n").GetInt32());
        Assert.Equal("test", events[3].GetProperty("properties").GetProperty("kind").GetString());
        Assert.Equal(3, events[3].GetProperty("properties").GetProperty("idx").GetInt32());
        Assert.Equal("application/json", events[3].GetProperty("contentType").GetString());
        Assert.Equal("m3", events[3].GetProperty("messageId").GetString());
        Assert.Equal("c3", events[3].GetProperty("correlationId").GetString());
        Assert.Equal([1, 2, 3], events[5].GetProperty("body").EnumerateArray().Select(b => b.GetInt32()));
        Assert.All(events, e => Assert.True(e.GetProperty("enqueuedTimeUtc").GetInt64() > 0));
        Assert.Equal("0", events[0].GetProperty("offset").GetString());

        Assert.Equal([2L, 3, 4, 5], Longs(r.GetProperty("fromSequenceInclusive")));
        Assert.Equal([3L, 4, 5], Longs(r.GetProperty("fromSequenceExclusive")));
        Assert.Equal([2L, 3, 4, 5], Longs(r.GetProperty("fromOffsetInclusive")));
        Assert.Equal([3L, 4, 5], Longs(r.GetProperty("fromOffsetExclusive")));
        Assert.Equal([0L, 1, 2, 3, 4, 5], Longs(r.GetProperty("fromEnqueuedTime")));
        Assert.Equal(0, r.GetProperty("fromLatestBeforeSend").GetInt32());
        Assert.Equal(["after"], r.GetProperty("latest").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Js_sdk_tracking_last_enqueued_event_sees_the_partitions_newest_event_and_nothing_on_an_empty_partition()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("metrics", 2));

        var r = await RunAsync(emulator, "last-enqueued.mjs", "metrics");

        Assert.False(r.TryGetProperty("error", out var error), error.ToString());
        var partition = r.GetProperty("partition");
        var tracked = r.GetProperty("tracked");
        Assert.Equal(1, tracked.GetProperty("events").GetInt32());
        Assert.Equal(0, tracked.GetProperty("firstSequenceNumber").GetInt64());
        var last = tracked.GetProperty("last");
        Assert.Equal(4, last.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal(partition.GetProperty("lastEnqueuedSequenceNumber").GetInt64(), last.GetProperty("sequenceNumber").GetInt64());
        Assert.Equal(partition.GetProperty("lastEnqueuedOffset").GetString(), last.GetProperty("offset").GetString());
        Assert.Equal(partition.GetProperty("lastEnqueuedOnUtc").GetInt64(), last.GetProperty("enqueuedOn").GetInt64());
        Assert.True(last.GetProperty("retrievedOn").GetInt64() >= last.GetProperty("enqueuedOn").GetInt64());

        // Without the capability the SDK has nothing to report.
        Assert.False(r.GetProperty("untracked").TryGetProperty("last", out var untracked) && untracked.TryGetProperty("sequenceNumber", out _));

        // An empty partition delivers nothing, so the first (empty) batch knows no newest event.
        var empty = r.GetProperty("empty");
        Assert.Equal(0, empty.GetProperty("events").GetInt32());
        Assert.False(empty.GetProperty("last").TryGetProperty("sequenceNumber", out _));
    }

    [Fact]
    public async Task Partition_keys_map_and_land_exactly_where_the_js_sdk_mapper_says()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("keys", 4));

        var r = await RunAsync(emulator, "partition-keys.mjs", "keys", new() { ["EH_KEY_COUNT"] = "1000", ["EH_SEND_COUNT"] = "200" });

        var keys = r.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToList();
        Assert.Equal(1000, keys.Count);
        foreach (var mapping in r.GetProperty("mapper").EnumerateObject())
        {
            var count = int.Parse(mapping.Name, System.Globalization.CultureInfo.InvariantCulture);
            var expected = mapping.Value.EnumerateArray().Select(v => v.GetInt32()).ToList();
            var actual = keys.Select(k => PartitionKeyMapper.ToPartition(k, count)).ToList();
            Assert.Equal(expected, actual);
        }

        var placement = r.GetProperty("placement");
        Assert.Equal(200, placement.GetProperty("checked").GetInt32());
        Assert.Empty(placement.GetProperty("mismatches").EnumerateArray());
    }

    [Fact]
    public async Task Js_sdk_gets_event_hubs_errors_for_bad_keys_unknown_hubs_oversize_epochs_and_the_reader_limit()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("errors", 3));

        var r = await RunAsync(emulator, "errors.mjs", "errors");

        Assert.Equal("UnauthorizedError", r.GetProperty("wrongKey").GetProperty("code").GetString());
        Assert.Equal("MessagingEntityNotFoundError", r.GetProperty("unknownHubProperties").GetProperty("code").GetString());
        Assert.Equal("MessagingEntityNotFoundError", r.GetProperty("unknownHubSend").GetProperty("code").GetString());
        Assert.Equal(1048576, r.GetProperty("maxSizeInBytes").GetInt32());
        Assert.False(r.GetProperty("oversizeAdded").GetBoolean());
        Assert.False(r.GetProperty("oversizeSend").TryGetProperty("ok", out _));

        var epochs = r.GetProperty("epochs");
        var stolen = Assert.Single(epochs.GetProperty("firstErrors").EnumerateArray());
        Assert.Equal("ReceiverDisconnectedError", stolen.GetProperty("code").GetString());
        Assert.Contains("New receiver with higher epoch of '2' is created hence current receiver with epoch '1' is getting disconnected.", stolen.GetProperty("message").GetString());
        Assert.Empty(epochs.GetProperty("secondErrors").EnumerateArray());
        Assert.True(epochs.GetProperty("secondEvents").GetInt32() >= 2);
        Assert.Equal("ReceiverDisconnectedError", epochs.GetProperty("lowerErrors")[0].GetProperty("code").GetString());

        var readers = r.GetProperty("readerLimit").EnumerateArray().ToList();
        Assert.All(readers.Take(5), errors => Assert.Empty(errors.EnumerateArray()));
        Assert.Equal("QuotaExceededError", readers[5][0].GetProperty("code").GetString());

        // A hang guard only (the real figure is reported by the benchmark): close must not wait for a timeout.
        Assert.InRange(r.GetProperty("closeMs").GetInt64(), 0, 10_000);
    }
}
