using System.Net;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Conditions;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Handlers;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>
/// One validated batch operation: decides under the container's lock what to do with the current item, with the same
/// rules as the single-item requests, and describes its result.
/// </summary>
internal sealed class BatchStep
{
    private readonly BatchOperation operation;
    private readonly ContainerSettings settings;
    private readonly Preconditions preconditions;
    private PatchRequest? patch;
    private int indexed;

    private BatchStep(BatchOperation operation, ContainerSettings settings, string id, string partitionKey)
    {
        this.operation = operation;
        this.settings = settings;
        preconditions = new Preconditions(operation.IfMatch, operation.IfNoneMatch);
        Id = id;
        PartitionKey = partitionKey;
    }

    public string Id { get; }

    public string PartitionKey { get; }

    /// <summary>Validates an operation; <paramref name="batchPartitionKey"/> is the transactional batch's key, null for bulk.</summary>
    public static BatchStep Parse(BatchOperation operation, ContainerSettings settings, string? batchPartitionKey)
    {
        var own = operation.PartitionKey is { Length: > 0 } text ? PartitionKeyValue.FromHeader(text) : null;
        if (own is not null && batchPartitionKey is not null && own != batchPartitionKey)
        {
            throw Fail.BadRequest("Every operation of a transactional batch must use the batch's partition key.");
        }

        var kind = operation.Kind;
        switch (kind)
        {
            case BatchOperationKind.Create or BatchOperationKind.Upsert or BatchOperationKind.Replace:
            {
                var body = operation.Body ?? throw Fail.BadRequest($"A {kind} operation needs a resourceBody object.");
                using var document = JsonBody.Document(body);
                var root = document.RootElement;
                var id = JsonBody.Id(root);
                var fromBody = settings.PartitionKey.KeyOf(root);
                var partitionKey = batchPartitionKey ?? own ?? fromBody;
                if (fromBody != partitionKey && settings.PartitionKey.Paths.Count > 0)
                {
                    throw Fail.PartitionKeyMismatch();
                }

                if (kind == BatchOperationKind.Replace && operation.Id is { } target && target != id)
                {
                    throw Fail.BadRequest($"The id '{id}' in the resourceBody does not match the operation's id '{target}'.");
                }

                return new BatchStep(operation, settings, id, partitionKey) { indexed = RequestCharges.IndexedValues(root, settings) };
            }

            case BatchOperationKind.Read or BatchOperationKind.Delete or BatchOperationKind.Patch:
            {
                var id = operation.Id ?? throw Fail.BadRequest($"A {kind} operation needs an id.");
                var partitionKey = batchPartitionKey ?? own
                    ?? (settings.PartitionKey.Paths.Count == 0 ? PartitionKeyValue.None : throw Fail.PartitionKeyMissing());
                var step = new BatchStep(operation, settings, id, partitionKey);
                if (kind == BatchOperationKind.Patch)
                {
                    step.patch = PatchRequest.Parse(JsonBody.PatchObject(operation.Body ?? throw Fail.BadRequest("A patch operation needs its operations in resourceBody.")));
                }

                return step;
            }

            default:
                throw Fail.BadRequest($"Unknown batch operation type {(int)kind}. Supported: Create, Upsert, Read, Replace, Delete, Patch.");
        }
    }

    public ItemChange? Decide(StoredItem? current)
    {
        switch (operation.Kind)
        {
            case BatchOperationKind.Create:
                return current is null ? ItemChange.Put(operation.Body!) : throw Fail.Conflict();
            case BatchOperationKind.Upsert:
                if (preconditions.IfMatch is not null)
                {
                    preconditions.CheckWrite(current);
                }

                return ItemChange.Put(operation.Body!);
            case BatchOperationKind.Read:
                return current is null ? throw Fail.ItemNotFound() : null;
            default:
                if (current is null)
                {
                    throw Fail.ItemNotFound();
                }

                preconditions.CheckWrite(current);
                if (operation.Kind == BatchOperationKind.Replace)
                {
                    return ItemChange.Put(operation.Body!);
                }

                if (operation.Kind == BatchOperationKind.Delete)
                {
                    return ItemChange.Remove();
                }

                return Patched(current);
        }
    }

    public BatchOperationResult Result(ItemWriteResult written)
    {
        switch (operation.Kind)
        {
            case BatchOperationKind.Read:
                var item = written.Item!;
                return preconditions.IsNotModified(item)
                    ? new BatchOperationResult(HttpStatusCode.NotModified, 0, RequestCharges.NotModified, item.ETag, null, null, null)
                    : new BatchOperationResult(HttpStatusCode.OK, 0, RequestCharges.PointRead(item.Body.Length), item.ETag, item.Body, null, null);
            case BatchOperationKind.Delete:
                return new BatchOperationResult(HttpStatusCode.NoContent, 0, RequestCharges.Delete(written.Previous!.Body.Length), null, null, null, null);
            default:
                var created = operation.Kind == BatchOperationKind.Create || (operation.Kind == BatchOperationKind.Upsert && written.Previous is null);
                var charge = RequestCharges.Write(written.Item!.Body.Length, indexed) + (operation.Kind == BatchOperationKind.Patch ? 1 : 0);
                return new BatchOperationResult(
                    created ? HttpStatusCode.Created : HttpStatusCode.OK,
                    0,
                    charge,
                    written.Item.ETag,
                    operation.MinimalReturn ? null : written.Item.Body,
                    null,
                    null);
        }
    }

    private ItemChange Patched(StoredItem current)
    {
        var document = JsonBody.Object(current.Body);
        if (patch!.Condition is { } condition && !condition.Matches(document))
        {
            throw Fail.PreconditionFailed();
        }

        JsonObject patched = patch.ApplyTo(document);
        if (JsonBody.Id(patched) != Id || settings.PartitionKey.KeyOf(patched) != PartitionKey)
        {
            throw Fail.BadRequest("Patch operations cannot change the id or the partition key of an item.");
        }

        indexed = RequestCharges.IndexedValues(patched, settings);
        return ItemChange.Put(patched);
    }
}
