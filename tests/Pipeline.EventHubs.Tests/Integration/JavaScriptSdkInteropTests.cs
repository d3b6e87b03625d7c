using System.Text.Json;
using Pipeline.EventHubs.Consumer;
using Pipeline.EventHubs.Producer;
using Pipeline.Testing;

namespace Pipeline.EventHubs.Tests.Integration;

/// <summary>The official JavaScript SDK reads what our producer writes and writes what our consumer reads.</summary>
public class JavaScriptSdkInteropTests
{
    private static string Script(string name) => RepositoryRoot.Combine("tests", "Pipeline.EventHubs.Tests", "node", name);

    [Fact]
    public async Task Javascript_sdk_reads_events_sent_by_our_producer()
    {
        await using var emulator = await TestEmulator.StartAsync();
        await using var producer = new EventHubProducerClient(emulator.ConnectionString);
        using var batch = await producer.CreateBatchAsync(new CreateBatchOptions { PartitionId = "3" });
        for (int i = 0; i < 3; i++)
        {
            var eventData = new EventData(new byte[] { (byte)i, 7, 8, 9 })
            {
                ContentType = "application/cloudevents+json",
                MessageId = $"dotnet-{i}",
                CorrelationId = $"correlation-{i}",
            };
            eventData.Properties["index"] = i;
            eventData.Properties["origin"] = "dotnet";
            Assert.True(batch.TryAdd(eventData));
        }

        await producer.SendAsync(batch);
        var result = (await NodeScript.RunAsync(Script("receive-events.js"), [emulator.ConnectionString, "3", "3"])).EnsureSuccess();

        using var json = JsonDocument.Parse(result.StandardOutput);
        var events = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        for (int i = 0; i < 3; i++)
        {
            var received = events[i];
            Assert.Equal(new byte[] { (byte)i, 7, 8, 9 }, Convert.FromBase64String(received.GetProperty("body").GetString()!));
            Assert.Equal("application/cloudevents+json", received.GetProperty("contentType").GetString());
            Assert.Equal($"dotnet-{i}", received.GetProperty("messageId").GetString());
            Assert.Equal($"correlation-{i}", received.GetProperty("correlationId").GetString());
            Assert.Equal(i, received.GetProperty("properties").GetProperty("index").GetInt32());
            Assert.Equal("dotnet", received.GetProperty("properties").GetProperty("origin").GetString());
            Assert.Equal(i, received.GetProperty("sequenceNumber").GetInt64());
        }
    }

    [Fact]
    public async Task Our_consumer_reads_events_sent_by_the_javascript_sdk()
    {
        await using var emulator = await TestEmulator.StartAsync();

        (await NodeScript.RunAsync(Script("send-events.js"), [emulator.ConnectionString, "1"])).EnsureSuccess();
        var events = await Events.ReadAsync(emulator.ConnectionString, "1", EventPosition.Earliest, 3);

        for (int i = 0; i < 3; i++)
        {
            var received = events[i];
            Assert.Equal(new byte[] { (byte)i, 1, 2, (byte)(250 + i) }, received.Body.ToArray());
            Assert.Equal("application/octet-stream", received.ContentType);
            Assert.Equal($"js-{i}", received.MessageId);
            Assert.Equal($"js-correlation-{i}", received.CorrelationId);
            Assert.Equal("javascript", received.Properties["origin"]);
            Assert.Equal(true, received.Properties["flag"]);
            Assert.Equal(i, Convert.ToInt32(received.Properties["index"], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
