using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Entities;

namespace Pipeline.Emulators.EventHubs.Tests;

public sealed class AmqpWireTests
{
    [Fact]
    public async Task Attach_without_a_token_is_refused_with_unauthorized_access()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("wire", 2));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);

        var (_, error) = await client.ReceiveAsync("wire/ConsumerGroups/$Default/Partitions/0", null, 1, TimeSpan.FromSeconds(5));

        Assert.Equal("amqp:unauthorized-access", error?.Condition.ToString());
    }

    [Fact]
    public async Task Wrong_key_and_expired_tokens_are_answered_401_and_a_valid_one_202()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("wire", 2));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);
        const string audience = "sb://127.0.0.1/wire";

        Assert.Equal(401, await client.PutTokenAsync(audience, AmqpTestClient.SasToken(audience, "RootManageSharedAccessKey", "wrong", DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(401, await client.PutTokenAsync(audience, AmqpTestClient.SasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Equal(401, await client.PutTokenAsync("sb://127.0.0.1/other", AmqpTestClient.SasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.UtcNow.AddHours(1))));
        Assert.Equal(202, await client.PutTokenAsync(audience, AmqpTestClient.SasToken(audience, "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.UtcNow.AddHours(1))));
    }

    [Fact]
    public async Task Oversize_messages_are_rejected_with_message_size_exceeded_and_the_link_keeps_working()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.MaxMessageSize = 4096, new EventHubDefinition("wire", 2));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);
        await client.AuthorizeAsync(emulator, "wire");

        var big = await client.SendAsync("wire/Partitions/0", new Message { BodySection = new Data { Binary = new byte[5000] } });
        var small = await client.SendAsync("wire/Partitions/0", new Message { BodySection = new Data { Binary = new byte[100] } });

        Assert.Equal("amqp:link:message-size-exceeded", Assert.IsType<Rejected>(big).Error.Condition.ToString());
        Assert.IsType<Accepted>(small);
    }

    [Fact]
    public async Task Malformed_filters_and_partitions_get_event_hubs_argument_errors()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("wire", 2));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);
        await client.AuthorizeAsync(emulator, "wire");

        var (_, badFilter) = await client.ReceiveAsync("wire/ConsumerGroups/$Default/Partitions/0", "amqp.annotation.x-opt-offset ~ 'x'", 1, TimeSpan.FromSeconds(5));
        var (_, badPartition) = await client.ReceiveAsync("wire/ConsumerGroups/$Default/Partitions/7", null, 1, TimeSpan.FromSeconds(5));
        var (_, unknownGroup) = await client.ReceiveAsync("wire/ConsumerGroups/nobody/Partitions/0", null, 1, TimeSpan.FromSeconds(5));

        Assert.Equal("com.microsoft:argument-error", badFilter?.Condition.ToString());
        Assert.Equal("com.microsoft:argument-out-of-range", badPartition?.Condition.ToString());
        Assert.Equal("amqp:not-found", unknownGroup?.Condition.ToString());
    }

    [Fact]
    public async Task Sends_beyond_the_throughput_units_are_answered_server_busy()
    {
        await using var emulator = await TestEmulator.StartAsync(o => o.ThroughputUnits = 1, new EventHubDefinition("wire", 1));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);
        await client.AuthorizeAsync(emulator, "wire");

        // One unit admits 1 000 events per second: two batches of 900 in a row exceed it.
        var first = await client.SendAsync("wire", Batch(900));
        var second = await client.SendAsync("wire", Batch(900));

        Assert.IsType<Accepted>(first);
        Assert.Equal("com.microsoft:server-busy", Assert.IsType<Rejected>(second).Error.Condition.ToString());
    }

    [Fact]
    public async Task Sdk_batches_are_unpacked_into_events_with_their_own_sections()
    {
        await using var emulator = await TestEmulator.StartAsync(null, new EventHubDefinition("wire", 1));
        await using var client = await AmqpTestClient.ConnectAsync(emulator);
        await client.AuthorizeAsync(emulator, "wire");

        Assert.IsType<Accepted>(await client.SendAsync("wire", Batch(1)));
        Assert.IsType<Accepted>(await client.SendAsync("wire", Batch(3)));
        var (messages, error) = await client.ReceiveAsync("wire/ConsumerGroups/$Default/Partitions/0", "amqp.annotation.x-opt-sequence-number >= '0'", 4, TimeSpan.FromSeconds(5));

        Assert.Null(error);
        Assert.Equal(["event-0", "event-0", "event-1", "event-2"], messages.Select(m => (string)m.Body));
        Assert.Equal("stream-1", messages[1].MessageAnnotations[new Symbol("x-opt-partition-key")]);
    }

    private static Message Batch(int events)
    {
        var list = new DataList();
        for (var i = 0; i < events; i++)
        {
            var inner = new Message("event-" + i) { MessageAnnotations = new MessageAnnotations() };
            inner.MessageAnnotations[new Symbol("x-opt-partition-key")] = "stream-1";
            var encoded = inner.Encode();
            list.Add(new Data { Binary = encoded.Buffer.AsSpan(encoded.Offset, encoded.Length).ToArray() });
        }

        var envelope = new Message { BodySection = events == 1 ? list[0] : list, MessageAnnotations = new MessageAnnotations(), Format = 0x80013700 };
        envelope.MessageAnnotations[new Symbol("x-opt-partition-key")] = "stream-1";
        return envelope;
    }

    [Fact]
    public async Task Events_sequence_numbers_and_offsets_survive_a_restart_on_the_same_data_directory()
    {
        var data = Directory.CreateTempSubdirectory("eh-emulator-").FullName;
        try
        {
            await using (var emulator = await TestEmulator.StartAsync(o => o.DataDirectory = data, new EventHubDefinition("durable", 2)))
            {
                await using var client = await AmqpTestClient.ConnectAsync(emulator);
                await client.AuthorizeAsync(emulator, "durable");
                for (var i = 0; i < 3; i++)
                {
                    Assert.IsType<Accepted>(await client.SendAsync("durable/Partitions/1", new Message("before-" + i)));
                }
            }

            await using (var restarted = await TestEmulator.StartAsync(o => o.DataDirectory = data))
            {
                await using var client = await AmqpTestClient.ConnectAsync(restarted);
                await client.AuthorizeAsync(restarted, "durable");
                Assert.IsType<Accepted>(await client.SendAsync("durable/Partitions/1", new Message("after")));
                var (messages, error) = await client.ReceiveAsync("durable/ConsumerGroups/$Default/Partitions/1", "amqp.annotation.x-opt-offset > '-1'", 4, TimeSpan.FromSeconds(5));

                Assert.Null(error);
                Assert.Equal(["before-0", "before-1", "before-2", "after"], messages.Select(m => (string)m.Body));
                Assert.Equal([0L, 1L, 2L, 3L], messages.Select(m => (long)m.MessageAnnotations[new Symbol("x-opt-sequence-number")]));
                var offsets = messages.Select(m => long.Parse((string)m.MessageAnnotations[new Symbol("x-opt-offset")], System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.Equal(offsets.Order(), offsets);
                Assert.Equal(offsets.Count, offsets.Distinct().Count());
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
