using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Unicode;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Pipeline.Functions.Triggers;

namespace Pipeline.Functions.Archiving;

/// <summary>
/// Writes each Event Hubs batch unchanged as one gzip-compressed JSON-lines blob named by its partition, hour and
/// sequence range, so a redelivered batch overwrites the same blob instead of duplicating it. Gzip because JSON lines of
/// CloudEvents shrink several times (storage is paid by the byte) and Spark, Synapse, Data Explorer and `zcat` read
/// `.jsonl.gz` as they are; <c>Content-Encoding: gzip</c> lets a browser or curl --compressed show the text.
/// </summary>
internal sealed partial class ArchiveWriter(BlobContainerClient container, ILogger<ArchiveWriter> logger)
{
    private static readonly BlobHttpHeaders Headers = new() { ContentType = "application/x-ndjson", ContentEncoding = "gzip" };

    private int containerReady;

    /// <summary>The blob name of a batch: <c>&lt;hub&gt;/&lt;partition&gt;/&lt;yyyy&gt;/&lt;MM&gt;/&lt;dd&gt;/&lt;HH&gt;/&lt;firstSeq&gt;-&lt;lastSeq&gt;.jsonl.gz</c>.</summary>
    public static string BlobNameFor(EventHubTriggerBatch batch)
    {
        var first = batch.Events[0];
        var time = first.EnqueuedTime.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{batch.EventHubName}/{batch.PartitionId}/{time:yyyy}/{time:MM}/{time:dd}/{time:HH}/{first.SequenceNumber}-{batch.Events[^1].SequenceNumber}.jsonl.gz");
    }

    public async Task<string?> ArchiveAsync(EventHubTriggerBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Events.Count == 0)
        {
            return null;
        }

        if (Volatile.Read(ref containerReady) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref containerReady, 1);
        }

        var name = BlobNameFor(batch);
        // No conditions: a redelivered batch replaces its blob.
        await container.GetBlobClient(name).UploadAsync(GzippedJsonLines(batch), new BlobUploadOptions { HttpHeaders = Headers }, cancellationToken).ConfigureAwait(false);
        LogArchived(batch.Events.Count, name);
        return name;
    }

    /// <summary>
    /// One line per event (its Event Hubs coordinates and the body exactly as received, as a string so any body
    /// survives), written straight into gzip at the fastest level: the archive is written once and read rarely, and a
    /// batch's uncompressed lines (about a megabyte) never need a buffer of their own.
    /// </summary>
    private static BinaryData GzippedJsonLines(EventHubTriggerBatch batch)
    {
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new Utf8JsonWriter(gzip))
        {
            foreach (var e in batch.Events)
            {
                writer.Reset(gzip);
                writer.WriteStartObject();
                writer.WriteString("partitionId", batch.PartitionId);
                writer.WriteNumber("sequenceNumber", e.SequenceNumber);
                if (e.Offset is not null)
                {
                    writer.WriteString("offset", e.Offset);
                }

                writer.WriteString("enqueuedTime", e.EnqueuedTime);
                if (e.PartitionKey is not null)
                {
                    writer.WriteString("partitionKey", e.PartitionKey);
                }

                WriteBody(writer, e);
                writer.WriteEndObject();
                writer.Flush();
                gzip.Write("\n"u8);
            }
        }

        return new BinaryData(compressed.GetBuffer().AsMemory(0, (int)compressed.Length));
    }

    private static void WriteBody(Utf8JsonWriter writer, TriggeredEvent e)
    {
        if (Utf8.IsValid(e.Utf8Body.Span))
        {
            writer.WriteString("body", e.Utf8Body.Span);
        }
        else
        {
            writer.WriteString("body", e.Body);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Archived {EventCount} events to {BlobName}")]
    private partial void LogArchived(int eventCount, string blobName);
}
