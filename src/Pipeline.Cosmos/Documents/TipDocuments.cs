using System.Net;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Errors;
using Pipeline.Cosmos.Requests;

namespace Pipeline.Cosmos.Documents;

/// <summary>Point reads, creates and conditional replaces of tip documents: the only ways the store touches a tip.</summary>
internal sealed class TipDocuments(EventsContainer container, CosmosRequests requests, bool compress)
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>Reads a tip; with <paramref name="ifNoneMatch"/> a 304 comes back as <see cref="TipReadOutcome.NotModified"/>.</summary>
    public async Task<(TipReadOutcome Outcome, Tip? Tip)> ReadAsync(string streamId, string? ifNoneMatch, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var options = ifNoneMatch is null ? null : new ItemRequestOptions { IfNoneMatchEtag = ifNoneMatch };
        using var response = await requests.SendAsync(
            OperationNames.ReadTip,
            ct => container.For(meter).ReadItemStreamAsync(Tip.DocumentId, new PartitionKey(streamId), options, ct),
            meter,
            cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => (TipReadOutcome.Read, TipJson.Read(response.Content, response.Headers.ETag)),
            HttpStatusCode.NotModified => (TipReadOutcome.NotModified, null),
            HttpStatusCode.NotFound => (TipReadOutcome.NotFound, null),
            _ => throw CosmosRequests.Unexpected($"Reading the tip of stream '{streamId}'", response),
        };
    }

    /// <summary>Creates a new stream's tip; returns its etag, or null when the stream already exists (409).</summary>
    public async Task<string?> CreateAsync(Tip tip, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var json = TipJson.Write(tip, compress);
        using var response = await requests.SendAsync(
            OperationNames.CreateTip,
            ct => container.For(meter).CreateItemStreamAsync(DocumentContent.Open(json), new PartitionKey(tip.StreamId), NoContent, ct),
            meter,
            cancellationToken).ConfigureAwait(false);
        meter.CountWrite();
        return response.StatusCode switch
        {
            HttpStatusCode.Created => response.Headers.ETag,
            HttpStatusCode.Conflict => null,
            HttpStatusCode.RequestEntityTooLarge => throw TooLarge(tip, json.Length, response),
            _ => throw CosmosRequests.Unexpected($"Creating the tip of stream '{tip.StreamId}'", response),
        };
    }

    /// <summary>Replaces a tip if it still has <paramref name="etag"/>; returns the new etag, or null when another writer got in first (412).</summary>
    public async Task<string?> ReplaceAsync(Tip tip, string etag, ChargeMeter meter, CancellationToken cancellationToken)
    {
        var json = TipJson.Write(tip, compress);
        var options = new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false };
        using var response = await requests.SendAsync(
            OperationNames.ReplaceTip,
            ct => container.For(meter).ReplaceItemStreamAsync(DocumentContent.Open(json), Tip.DocumentId, new PartitionKey(tip.StreamId), options, ct),
            meter,
            cancellationToken).ConfigureAwait(false);
        meter.CountWrite();
        return response.StatusCode switch
        {
            HttpStatusCode.OK => response.Headers.ETag,
            HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound => null,
            HttpStatusCode.RequestEntityTooLarge => throw TooLarge(tip, json.Length, response),
            _ => throw CosmosRequests.Unexpected($"Replacing the tip of stream '{tip.StreamId}'", response),
        };
    }

    private static EventStoreException TooLarge(Tip tip, int bytes, ResponseMessage response) => new(
        $"The tip of stream '{tip.StreamId}' would be {bytes} bytes, more than Cosmos DB accepts in one item; lower MaxTipBytes or the projections' state size.",
        response.StatusCode,
        0,
        response.Headers.ActivityId);
}

/// <summary>What a tip read found.</summary>
internal enum TipReadOutcome
{
    Read,
    NotModified,
    NotFound,
}
