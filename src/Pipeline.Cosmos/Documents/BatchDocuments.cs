using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Requests;

namespace Pipeline.Cosmos.Documents;

/// <summary>Creates of calved batches and the single-partition query that finds the batches covering a version range.</summary>
internal sealed class BatchDocuments(EventsContainer container, CosmosRequests requests, bool compress)
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>
    /// Creates the batch; if a batch with its id exists (a calve that crashed before its tip replace, or a racing writer),
    /// reads it instead. Returns one past the last version the stored batch covers, so the caller calves any remainder.
    /// </summary>
    public async Task<long> CreateAsync(Batch batch, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var json = batch.ToJson(compress);
        var partitionKey = new PartitionKey(batch.StreamId);
        using (var response = await requests.SendAsync(
            OperationNames.CreateBatch,
            ct => container.For(meter).CreateItemStreamAsync(DocumentContent.Open(json), partitionKey, NoContent, ct),
            meter,
            cancellationToken).ConfigureAwait(false))
        {
            meter.CountWrite();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return batch.Next;
            }

            if (response.StatusCode != HttpStatusCode.Conflict)
            {
                throw CosmosRequests.Unexpected($"Calving batch {Batch.IdFor(batch.First)} of stream '{batch.StreamId}'", response);
            }
        }

        using var existing = await requests.SendAsync(
            OperationNames.ReadBatch,
            ct => container.For(meter).ReadItemStreamAsync(Batch.IdFor(batch.First), partitionKey, null, ct),
            meter,
            cancellationToken).ConfigureAwait(false);
        if (existing.StatusCode != HttpStatusCode.OK)
        {
            throw CosmosRequests.Unexpected($"Reading existing batch {Batch.IdFor(batch.First)} of stream '{batch.StreamId}'", existing);
        }

        using var document = await JsonDocument.ParseAsync(existing.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("n").GetInt64();
    }

    /// <summary>The batches holding any version in [<paramref name="fromVersion"/>, <paramref name="toVersion"/>), in version order.</summary>
    public async Task<List<Batch>> QueryAsync(string streamId, long fromVersion, long toVersion, ChargeMeter meter, CancellationToken cancellationToken)
    {
        // Only i and n are indexed (ORDER BY c.i uses the range index on i); the tip never matches because callers stop
        // at its first version (which only ever grows).
        var query = new QueryDefinition("SELECT * FROM c WHERE c.n > @from AND c.i < @to ORDER BY c.i")
            .WithParameter("@from", fromVersion)
            .WithParameter("@to", toVersion);
        var options = new QueryRequestOptions { PartitionKey = new PartitionKey(streamId), MaxItemCount = 100 };
        var batches = new List<Batch>();
        using var iterator = container.Point.GetItemQueryStreamIterator(query, null, options);
        while (iterator.HasMoreResults)
        {
            using var response = await requests.SendAsync(OperationNames.QueryBatches, iterator.ReadNextAsync, meter, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw CosmosRequests.Unexpected($"Querying the batches of stream '{streamId}'", response);
            }

            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var document in page.RootElement.GetProperty("Documents").EnumerateArray())
            {
                if (document.GetProperty("id").GetString() == Tip.DocumentId)
                {
                    continue;
                }

                batches.Add(Batch.Read(document));
            }
        }

        return batches;
    }
}
