using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Producer;

namespace Pipeline.EventHubs.Tests.Integration;

public class SendReceiveTests
{
    [Fact]
    public async Task Event_round_trips_with_body_and_every_property()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        var id = Guid.NewGuid();
        var time = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var sent = new EventData(new byte[] { 0, 1, 2, 254, 255 })
        {
            ContentType = "application/cloudevents+json",
            MessageId = "m-1",
            CorrelationId = "c-1",
        };
        sent.Properties["text"] = "hello";
        sent.Properties["number"] = 42;
        sent.Properties["long"] = 1L << 40;
        sent.Properties["flag"] = true;
        sent.Properties["guid"] = id;
        sent.Properties["time"] = time;
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await producer.SendAsync([sent], new SendEventOptions { PartitionId = "2" });
        var received = Assert.Single(await Events.ReadAsync(emulator.ConnectionString, "2", EventPosition.Earliest, 1));

        Assert.Equal(sent.Body.ToArray(), received.Body.ToArray());
        Assert.Equal("application/cloudevents+json", received.ContentType);
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal("c-1", received.CorrelationId);
        Assert.Equal("hello", received.Properties["text"]);
        Assert.Equal(42, received.Properties["number"]);
        Assert.Equal(1L << 40, received.Properties["long"]);
        Assert.Equal(true, received.Properties["flag"]);
        Assert.Equal(id, received.Properties["guid"]);
        Assert.Equal(time, received.Properties["time"]);
        Assert.Equal(0, received.SequenceNumber);
        Assert.NotEqual(string.Empty, received.OffsetString);
        Assert.InRange(received.EnqueuedTime, before, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.True(received.SystemProperties.ContainsKey("x-opt-sequence-number"));
    }

    [Fact]
    public async Task Events_with_the_same_partition_key_land_in_the_same_partition()
    {
        await using var emulator = await TestEmulator.StartAsync(partitions: 4);
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        string[] keys = [.. Enumerable.Range(0, 12).Select(i => $"stream-{i}")];
        for (int round = 0; round < 3; round++)
        {
            foreach (var key in keys)
            {
                using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionKey = key });
                Assert.True(batch.TryAdd(new EventData($"{key}#{round}")));
                await producer.SendAsync(batch);
            }
        }

        var partitionOfKey = new Dictionary<string, HashSet<string>>();
        int total = 0;
        foreach (var partitionId in await producer.GetPartitionIdsAsync())
        {
            var properties = await producer.GetPartitionPropertiesAsync(partitionId);
            int count = properties.IsEmpty ? 0 : (int)(properties.LastEnqueuedSequenceNumber - properties.BeginningSequenceNumber + 1);
            foreach (var received in await Events.ReadAsync(emulator.ConnectionString, partitionId, EventPosition.Earliest, count))
            {
                Assert.NotNull(received.PartitionKey);
                Assert.StartsWith(received.PartitionKey + "#", received.EventBody.ToString(), StringComparison.Ordinal);
                partitionOfKey.TryAdd(received.PartitionKey!, []);
                partitionOfKey[received.PartitionKey!].Add(partitionId);
                total++;
            }
        }

        Assert.Equal(keys.Length * 3, total);
        Assert.All(partitionOfKey.Values, partitions => Assert.Single(partitions));
        Assert.True(partitionOfKey.Values.Select(p => p.Single()).Distinct().Count() > 1, "12 keys should spread over more than one of 4 partitions.");
    }

    [Fact]
    public async Task Hub_and_partition_properties_describe_what_was_sent()
    {
        await using var emulator = await TestEmulator.StartAsync(partitions: 3);
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, emulator.ConnectionString);

        await producer.SendAsync([new EventData("a"), new EventData("b"), new EventData("c")], new SendEventOptions { PartitionId = "1" });
        var hub = await consumer.GetEventHubPropertiesAsync();
        var partition = await consumer.GetPartitionPropertiesAsync("1");
        var empty = await producer.GetPartitionPropertiesAsync("0");

        Assert.Equal(TestEmulator.Hub, hub.Name);
        Assert.Equal(["0", "1", "2"], hub.PartitionIds);
        Assert.Equal(["0", "1", "2"], await consumer.GetPartitionIdsAsync());
        Assert.False(partition.IsEmpty);
        Assert.Equal("1", partition.Id);
        Assert.Equal(2, partition.LastEnqueuedSequenceNumber);
        Assert.True(empty.IsEmpty);
        Assert.Equal(-1, empty.LastEnqueuedSequenceNumber);
    }

    [Fact]
    public async Task Consumer_client_reads_a_partition_as_an_async_stream_and_reports_empty_waits()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        await using var consumer = new EventHubConsumerClient("projector", emulator.ConnectionString);
        await producer.SendAsync([.. Enumerable.Range(0, 5).Select(i => new EventData($"e{i}"))], new SendEventOptions { PartitionId = "0" });

        var bodies = new List<string>();
        int emptyWaits = 0;
        using var deadline = new CancellationTokenSource(Events.Patience);
        var options = new ReadEventOptions { MaximumWaitTime = TimeSpan.FromMilliseconds(200), TrackLastEnqueuedEventProperties = true };
        await foreach (var partitionEvent in consumer.ReadEventsFromPartitionAsync("0", EventPosition.Earliest, options, deadline.Token))
        {
            if (partitionEvent.Data is null)
            {
                emptyWaits++;
                break;
            }

            Assert.Equal("0", partitionEvent.Partition.PartitionId);
            Assert.Equal("projector", partitionEvent.Partition.ConsumerGroup);
            bodies.Add(partitionEvent.Data.EventBody.ToString());
        }

        Assert.Equal(["e0", "e1", "e2", "e3", "e4"], bodies);
        Assert.Equal(1, emptyWaits);
    }

    [Fact]
    public async Task Credential_constructors_authorize_with_jwt_named_keys_and_signatures()
    {
        await using var emulator = await TestEmulator.StartAsync();
        var credential = new FakeTokenCredential(TimeSpan.FromHours(1));
        await using var jwtProducer = new EventHubProducerClient(emulator.Namespace, TestEmulator.Hub, credential);
        await using var keyProducer = new EventHubProducerClient(
            emulator.Namespace, TestEmulator.Hub, new Azure.AzureNamedKeyCredential(emulator.Options.KeyName, emulator.Options.Key));

        var signature = new Azure.AzureSasCredential(Authorization.SharedAccessSignature.Create(
            $"sb://127.0.0.1/{TestEmulator.Hub}", emulator.Options.KeyName, emulator.Options.Key, DateTimeOffset.UtcNow.AddHours(1)));
        await using var sasReceiver = new Primitives.PartitionReceiver("$Default", "0", EventPosition.Earliest, emulator.Namespace, TestEmulator.Hub, signature);

        await jwtProducer.SendAsync([new EventData("jwt")], new SendEventOptions { PartitionId = "0" });
        await keyProducer.SendAsync([new EventData("key")], new SendEventOptions { PartitionId = "0" });
        var received = await Events.ReceiveAsync(sasReceiver, 2);

        Assert.Equal(["jwt", "key"], received.Select(e => e.EventBody.ToString()));
        Assert.True(credential.Calls >= 1);
    }
}
