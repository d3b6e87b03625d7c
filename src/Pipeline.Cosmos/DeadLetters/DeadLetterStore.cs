using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.Requests;

namespace Pipeline.Cosmos.DeadLetters;

/// <summary>
/// Keeps poison events (ones the projector cannot apply) in the <c>deadletters</c> container with their raw bytes and
/// Event Hubs coordinates, so they are not lost and can be inspected or replayed. Thread-safe; keep one.
/// </summary>
public sealed class DeadLetterStore
{
    /// <summary>Raw bodies above this size are cut, so the document (base64 inflates by a third) stays within Cosmos DB's 2 MB item limit.</summary>
    public const int MaxStoredBodyBytes = 1024 * 1024;

    private readonly Container container;
    private readonly CosmosRequests requests;

    /// <summary>Creates the store on a client from <see cref="CosmosClientFactory"/>.</summary>
    public DeadLetterStore(CosmosClient client, CosmosStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        container = client.GetContainer(options.DatabaseName, options.DeadLettersContainer);
        requests = new CosmosRequests(options);
    }

    /// <summary>The id of a dead letter: one per Event Hubs message, so writing a redelivered poison event again changes nothing.</summary>
    public static string IdFor(EventHubsCoordinates coordinates) =>
        string.Create(CultureInfo.InvariantCulture, $"{coordinates.PartitionId}-{coordinates.SequenceNumber}");

    /// <summary>Writes a dead letter; returns false when this message was already dead-lettered.</summary>
    public async Task<bool> WriteAsync(string reason, ReadOnlyMemory<byte> rawEvent, EventHubsCoordinates coordinates, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        ArgumentException.ThrowIfNullOrEmpty(coordinates.PartitionId, nameof(coordinates));
        var json = ToJson(reason, rawEvent, coordinates);
        using var response = await requests.SendAsync(
            OperationNames.WriteDeadLetter,
            ct => container.CreateItemStreamAsync(new MemoryStream(json, writable: false), new PartitionKey(coordinates.PartitionId), new ItemRequestOptions { EnableContentResponseOnWrite = false }, ct),
            new ChargeMeter(),
            cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.Created => true,
            HttpStatusCode.Conflict => false,
            _ => throw CosmosRequests.Unexpected($"Writing dead letter {IdFor(coordinates)}", response),
        };
    }

    private static byte[] ToJson(string reason, ReadOnlyMemory<byte> rawEvent, EventHubsCoordinates coordinates)
    {
        var body = rawEvent.Length > MaxStoredBodyBytes ? rawEvent[..MaxStoredBodyBytes] : rawEvent;
        var buffer = new ArrayBufferWriter<byte>(body.Length * 4 / 3 + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", IdFor(coordinates));
            writer.WriteString("partitionId", coordinates.PartitionId);
            writer.WriteNumber("sequenceNumber", coordinates.SequenceNumber);
            if (coordinates.Offset is not null)
            {
                writer.WriteString("offset", coordinates.Offset);
            }

            writer.WriteString("enqueuedTime", coordinates.EnqueuedTime);
            writer.WriteString("deadLetteredTime", DateTimeOffset.UtcNow);
            writer.WriteString("reason", reason);
            writer.WriteNumber("bodyLength", rawEvent.Length);
            writer.WriteBoolean("bodyTruncated", body.Length < rawEvent.Length);
            writer.WriteBase64String("body", body.Span);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
