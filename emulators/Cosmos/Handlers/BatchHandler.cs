using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Conditions;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// Batch requests (`x-ms-cosmos-is-batch-request`). JSON batches — what the JavaScript SDK sends — run atomically
/// on one logical partition (all operations or none; a failure answers 207 with the failing status and 424 for the
/// rest), or one by one when `x-ms-cosmos-batch-atomic` is false (bulk). The .NET SDK's binary HybridRow batches
/// and bulk requests are refused with a 400 that says so.
/// </summary>
internal sealed class BatchHandler(TimeProvider time)
{
    private const int MaxOperations = 100;

    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        var raw = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var first = raw.AsSpan().TrimStart(" \t\r\n"u8);
        if (first.IsEmpty || first[0] != (byte)'[')
        {
            throw Fail.BatchNotSupported();
        }

        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(raw) as JsonArray ?? throw Fail.InvalidPayload();
        }
        catch (JsonException)
        {
            throw Fail.InvalidPayload();
        }

        if (operations.Count == 0 || operations.Count > MaxOperations)
        {
            throw Fail.BadRequest($"A batch must have between 1 and {MaxOperations} operations; this one has {operations.Count}.");
        }

        var atomic = !string.Equals(request.Header("x-ms-cosmos-batch-atomic"), "false", StringComparison.OrdinalIgnoreCase);
        // A transactional batch targets one logical partition (the header); bulk batches carry a key per operation.
        var partitionKey = request.PartitionKey ?? (atomic ? throw Fail.PartitionKeyMissing() : null);
        var steps = operations.Select(o => BatchStep.Parse(o as JsonObject ?? throw Fail.InvalidPayload(), container, partitionKey)).ToList();
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var results = new JsonArray();
        var failed = false;
        double charge = 0;
        if (atomic)
        {
            var outcome = container.Items.WriteBatch(partitionKey!, [.. steps.Select(s => s.Id)], now, (i, current) => steps[i].Decide(current));
            for (var i = 0; i < steps.Count; i++)
            {
                JsonObject result;
                if (outcome.Succeeded)
                {
                    result = steps[i].Result(outcome.Steps[i]);
                }
                else if (i == outcome.FailedStep)
                {
                    result = Failure(outcome.Failure!);
                }
                else
                {
                    result = new JsonObject { ["statusCode"] = (int)HttpStatusCode.FailedDependency, ["requestCharge"] = 0 };
                }

                charge += JsonNumbers.ToDouble(result["requestCharge"]!);
                results.Add(result);
            }

            failed = !outcome.Succeeded;
        }
        else
        {
            foreach (var step in steps)
            {
                JsonObject result;
                try
                {
                    var outcome = container.Items.WriteBatch(step.PartitionKey, [step.Id], now, (_, current) => step.Decide(current));
                    result = outcome.Succeeded ? step.Result(outcome.Steps[0]) : Failure(outcome.Failure!);
                }
                catch (CosmosError error)
                {
                    result = Failure(error);
                }

                failed |= result["statusCode"]!.GetValue<int>() >= 400;
                charge += JsonNumbers.ToDouble(result["requestCharge"]!);
                results.Add(result);
            }
        }

        return new GatewayResponse(failed ? HttpStatusCode.MultiStatus : HttpStatusCode.OK, JsonSerializer.SerializeToUtf8Bytes(results), Math.Round(charge, 2))
        {
            Lsn = container.Items.LastLsn,
        };
    }

    private static JsonObject Failure(CosmosError error) => new()
    {
        ["statusCode"] = (int)error.Status,
        ["subStatusCode"] = error.SubStatus,
        ["requestCharge"] = 1,
        ["message"] = error.Message,
    };

    /// <summary>One parsed operation of a JSON batch.</summary>
    private sealed class BatchStep
    {
        private string type = string.Empty;
        private JsonObject? body;
        private PatchRequest? patch;
        private Preconditions preconditions;
        private int indexed;
        private ContainerSettings? settings;
        private string partitionKey = string.Empty;

        public string Id { get; private set; } = string.Empty;

        public string PartitionKey => partitionKey;

        public static BatchStep Parse(JsonObject operation, ContainerEntry container, string? batchPartitionKey)
        {
            var step = new BatchStep
            {
                type = operation["operationType"]?.GetValue<string>()?.ToLowerInvariant() ?? throw Fail.BadRequest("Each batch operation needs an operationType."),
                preconditions = new Preconditions(operation["ifMatch"]?.GetValue<string>(), operation["ifNoneMatch"]?.GetValue<string>()),
            };
            var own = operation["partitionKey"]?.GetValue<string>() is { Length: > 0 } text ? PartitionKeyValue.FromHeader(text) : null;
            if (own is not null && batchPartitionKey is not null && own != batchPartitionKey)
            {
                throw Fail.BadRequest("Every operation of a transactional batch must use the batch's partition key.");
            }

            var partitionKey = batchPartitionKey ?? own
                ?? (operation["resourceBody"] is JsonObject document ? container.Items.Settings.PartitionKey.KeyOf(document) : throw Fail.PartitionKeyMissing());

            switch (step.type)
            {
                case "create" or "upsert" or "replace":
                    step.body = operation["resourceBody"] as JsonObject ?? throw Fail.BadRequest($"A {step.type} operation needs a resourceBody object.");
                    step.Id = JsonBody.Id(step.body);
                    if (container.Items.Settings.PartitionKey.KeyOf(step.body) != partitionKey && container.Items.Settings.PartitionKey.Paths.Count > 0)
                    {
                        throw Fail.PartitionKeyMismatch();
                    }

                    if (step.type == "replace" && operation["id"]?.GetValue<string>() is { } target && target != step.Id)
                    {
                        throw Fail.BadRequest($"The id '{step.Id}' in the resourceBody does not match the operation's id '{target}'.");
                    }

                    step.indexed = RequestCharges.IndexedValues(step.body, container.Items.Settings);
                    break;
                case "read" or "delete" or "patch":
                    step.Id = operation["id"]?.GetValue<string>() ?? throw Fail.BadRequest($"A {step.type} operation needs an id.");
                    if (step.type == "patch")
                    {
                        step.patch = PatchRequest.Parse(operation["resourceBody"] switch
                        {
                            JsonObject obj => obj,
                            JsonArray list => new JsonObject { ["operations"] = list.DeepClone() },
                            _ => throw Fail.BadRequest("A patch operation needs its operations in resourceBody."),
                        });
                    }

                    break;
                default:
                    throw Fail.BadRequest($"Unknown batch operationType '{step.type}'. Supported: Create, Upsert, Read, Replace, Delete, Patch.");
            }

            step.settings = container.Items.Settings;
            step.partitionKey = partitionKey;
            return step;
        }

        public ItemChange? Decide(StoredItem? current)
        {
            switch (type)
            {
                case "create":
                    return current is null ? ItemChange.Put(body!.DeepClone().AsObject()) : throw Fail.Conflict();
                case "upsert":
                    if (preconditions.IfMatch is not null)
                    {
                        preconditions.CheckWrite(current);
                    }

                    return ItemChange.Put(body!.DeepClone().AsObject());
                case "read":
                    return current is null ? throw Fail.ItemNotFound() : null;
                default:
                    if (current is null)
                    {
                        throw Fail.ItemNotFound();
                    }

                    preconditions.CheckWrite(current);
                    if (type == "replace")
                    {
                        return ItemChange.Put(body!.DeepClone().AsObject());
                    }

                    if (type == "delete")
                    {
                        return ItemChange.Remove();
                    }

                    var document = JsonBody.Object(current.Body);
                    if (patch!.Condition is { } condition && !condition.Matches(document))
                    {
                        throw Fail.PreconditionFailed();
                    }

                    var patched = patch.ApplyTo(document);
                    if (JsonBody.Id(patched) != Id || settings!.PartitionKey.KeyOf(patched) != partitionKey)
                    {
                        throw Fail.BadRequest("Patch operations cannot change the id or the partition key of an item.");
                    }

                    indexed = RequestCharges.IndexedValues(patched, settings!);
                    return ItemChange.Put(patched);
            }
        }

        public JsonObject Result(ItemWriteResult written)
        {
            var result = new JsonObject();
            switch (type)
            {
                case "read":
                    result["statusCode"] = 200;
                    result["requestCharge"] = RequestCharges.PointRead(written.Item!.Body.Length);
                    break;
                case "delete":
                    result["statusCode"] = 204;
                    result["requestCharge"] = RequestCharges.Delete(written.Previous!.Body.Length);
                    return result;
                default:
                    result["statusCode"] = type == "create" || (type == "upsert" && written.Previous is null) ? 201 : 200;
                    result["requestCharge"] = RequestCharges.Write(written.Item!.Body.Length, indexed) + (type == "patch" ? 1 : 0);
                    break;
            }

            result["eTag"] = written.Item!.ETag;
            result["resourceBody"] = JsonNode.Parse(written.Item.Body);
            return result;
        }
    }
}
