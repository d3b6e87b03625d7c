using System.Globalization;
using System.Net;
using System.Text.Json;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Predicates;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>`.../docs` and `.../docs/{id}`: create, upsert, read, replace, delete, patch and read feed of items.</summary>
internal sealed class ItemsHandler(TimeProvider time)
{
    public async Task<GatewayResponse> CreateAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var raw = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonBody.Document(raw);
        var body = document.RootElement;
        var id = JsonBody.Id(body);
        var partitionKey = PartitionKeyFor(request, container, body);
        var upsert = request.Flag("x-ms-documentdb-is-upsert");
        var preconditions = request.Preconditions;
        var indexed = RequestCharges.IndexedValues(body, container.Items.Settings);
        var result = container.Items.Write(partitionKey, id, Now(), current =>
        {
            if (current is not null && !upsert)
            {
                throw Fail.Conflict();
            }

            if (upsert && preconditions.IfMatch is not null)
            {
                preconditions.CheckWrite(current);
            }

            return ItemChange.Put(raw);
        });
        var status = result.Previous is null ? HttpStatusCode.Created : HttpStatusCode.OK;
        return Written(request, status, result.Item!, RequestCharges.Write(result.Item!.Body.Length, indexed));
    }

    public GatewayResponse Read(GatewayRequest request, ContainerEntry container)
    {
        var id = request.Segments[5];
        // `lsn` and the session token name the partition's progress, which a read has seen all of; the item's own
        // LSN goes in `x-ms-item-lsn`. Answering with the item's LSN would hand a session client an older token than it sent.
        var partitionLsn = container.Items.LastLsn;
        var item = container.Items.Read(RequiredPartitionKey(request, container), id, Now()) ?? throw Fail.ItemNotFound();
        if (request.Preconditions.IsNotModified(item))
        {
            return new GatewayResponse(HttpStatusCode.NotModified, null, RequestCharges.NotModified) { Lsn = Math.Max(partitionLsn, item.Lsn) }.With("etag", item.ETag);
        }

        return new GatewayResponse(HttpStatusCode.OK, item.Body, RequestCharges.PointRead(item.Body.Length)) { Lsn = Math.Max(partitionLsn, item.Lsn) }
            .With("etag", item.ETag)
            .With("x-ms-item-lsn", item.Lsn.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<GatewayResponse> ReplaceAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var id = request.Segments[5];
        var raw = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        using var document = JsonBody.Document(raw);
        var body = document.RootElement;
        if (JsonBody.Id(body) is var bodyId && bodyId != id)
        {
            throw Fail.BadRequest($"The id '{bodyId}' in the request body does not match the id '{id}' in the request URI.");
        }

        var partitionKey = PartitionKeyFor(request, container, body);
        var preconditions = request.Preconditions;
        var indexed = RequestCharges.IndexedValues(body, container.Items.Settings);
        var result = container.Items.Write(partitionKey, id, Now(), current =>
        {
            if (current is null)
            {
                throw Fail.ItemNotFound();
            }

            preconditions.CheckWrite(current);
            return ItemChange.Put(raw);
        });
        return Written(request, HttpStatusCode.OK, result.Item!, RequestCharges.Write(result.Item!.Body.Length, indexed));
    }

    public GatewayResponse Delete(GatewayRequest request, ContainerEntry container)
    {
        var id = request.Segments[5];
        var preconditions = request.Preconditions;
        var result = container.Items.Write(RequiredPartitionKey(request, container), id, Now(), current =>
        {
            if (current is null)
            {
                throw Fail.ItemNotFound();
            }

            preconditions.CheckWrite(current);
            return ItemChange.Remove();
        });
        return new GatewayResponse(HttpStatusCode.NoContent, null, RequestCharges.Delete(result.Previous!.Body.Length)) { Lsn = result.Lsn };
    }

    public async Task<GatewayResponse> PatchAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var id = request.Segments[5];
        var patch = PatchRequest.Parse(JsonBody.PatchObject(await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false)));
        var partitionKey = RequiredPartitionKey(request, container);
        var preconditions = request.Preconditions;
        var indexed = 0;
        var result = container.Items.Write(partitionKey, id, Now(), current =>
        {
            if (current is null)
            {
                throw Fail.ItemNotFound();
            }

            preconditions.CheckWrite(current);
            var document = JsonBody.Object(current.Body);
            if (patch.Condition is { } condition && !condition.Matches(document))
            {
                throw Fail.PreconditionFailed();
            }

            var patched = patch.ApplyTo(document);
            if (JsonBody.Id(patched) != id || container.Items.Settings.PartitionKey.KeyOf(patched) != partitionKey)
            {
                throw Fail.BadRequest("Patch operations cannot change the id or the partition key of an item.");
            }

            indexed = RequestCharges.IndexedValues(patched, container.Items.Settings);
            return ItemChange.Put(patched);
        });
        return Written(request, HttpStatusCode.OK, result.Item!, RequestCharges.Write(result.Item!.Body.Length, indexed) + 1);
    }

    public GatewayResponse ReadFeed(GatewayRequest request, ContainerEntry container)
    {
        var after = ulong.TryParse(request.Header("x-ms-continuation")?.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : 0UL;
        var page = container.Items.ReadFeed(request.PartitionKey, after, request.MaxItemCount(100, 1000), Now());
        var response = new GatewayResponse(HttpStatusCode.OK, ResourceJson.Documents(container.Rid, page.Items), RequestCharges.Feed(page.Items))
            { Lsn = container.Items.LastLsn }
            .With("x-ms-item-count", page.Items.Count.ToString(CultureInfo.InvariantCulture));
        if (page.HasMore)
        {
            response.With("x-ms-continuation", page.NextPosition.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private GatewayResponse Written(GatewayRequest request, HttpStatusCode status, StoredItem item, double charge)
    {
        // `Prefer: return=minimal` is how the SDKs ask for no body (EnableContentResponseOnWrite = false).
        var minimal = request.Header("prefer")?.Contains("return=minimal", StringComparison.OrdinalIgnoreCase) == true;
        return new GatewayResponse(status, minimal ? null : item.Body, charge) { Lsn = item.Lsn }.With("etag", item.ETag);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();

    private static string PartitionKeyFor(GatewayRequest request, ContainerEntry container, JsonElement body)
    {
        var fromDocument = container.Items.Settings.PartitionKey.KeyOf(body);
        var fromHeader = request.PartitionKey;
        if (fromHeader is not null && fromHeader != fromDocument && container.Items.Settings.PartitionKey.Paths.Count > 0)
        {
            throw Fail.PartitionKeyMismatch();
        }

        return fromDocument;
    }

    private static string RequiredPartitionKey(GatewayRequest request, ContainerEntry container)
    {
        if (container.Items.Settings.PartitionKey.Paths.Count == 0)
        {
            return PartitionKeyValue.None;
        }

        return request.PartitionKey ?? throw Fail.PartitionKeyMissing();
    }
}
