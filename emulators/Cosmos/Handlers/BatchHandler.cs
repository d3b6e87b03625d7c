using System.Net;
using Pipeline.Emulators.Cosmos.Batches;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// Batch requests (`x-ms-cosmos-is-batch-request`), in either wire format: JSON (the JavaScript SDK) or HybridRow
/// RecordIO (the .NET SDK's transactional batch and bulk execution). A batch runs atomically on one logical partition
/// (all operations or none; a failure answers 207 with the failing status and 424 for the rest), or one operation at a
/// time when `x-ms-cosmos-batch-atomic` is false (bulk), where each operation carries its own partition key and
/// succeeds or fails on its own.
/// </summary>
internal sealed class BatchHandler(TimeProvider time)
{
    private const int MaxOperations = 100;

    /// <param name="budget">The throughput left under enforced capacity (null without): bulk operations past it answer 429 each.</param>
    public async Task<GatewayResponse> HandleAsync(GatewayRequest request, ContainerEntry container, RequestBudget? budget, CancellationToken cancellationToken)
    {
        var raw = await request.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        var hybridRow = HybridRowBatchFormat.Recognises(raw);
        List<BatchOperation> operations;
        if (hybridRow)
        {
            operations = HybridRowBatchFormat.ReadOperations(raw, MaxOperations);
        }
        else if (JsonBatchFormat.Recognises(raw))
        {
            operations = JsonBatchFormat.ReadOperations(raw, MaxOperations);
        }
        else
        {
            throw Fail.MalformedBatch(raw.Length == 0 ? "The body is empty." : $"The body starts with byte 0x{raw[0]:X2}.");
        }

        if (operations.Count == 0)
        {
            throw Fail.BadRequest($"A batch must have between 1 and {MaxOperations} operations; this one has none.");
        }

        var atomic = !string.Equals(request.Header("x-ms-cosmos-batch-atomic"), "false", StringComparison.OrdinalIgnoreCase);
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var results = atomic ? RunAtomic(request, container, operations, now) : RunEach(container, operations, budget, now);
        var failed = false;
        double charge = 0;
        foreach (var result in results)
        {
            failed |= result.Failed;
            charge += result.Charge;
        }

        var body = hybridRow ? HybridRowBatchFormat.WriteResults(results) : JsonBatchFormat.WriteResults(results);
        return new GatewayResponse(failed ? HttpStatusCode.MultiStatus : HttpStatusCode.OK, body, Math.Round(charge, 2))
        {
            Lsn = container.Items.LastLsn,
        };
    }

    /// <summary>A transactional batch: every operation in the header's logical partition, all applied or none.</summary>
    private static BatchOperationResult[] RunAtomic(GatewayRequest request, ContainerEntry container, List<BatchOperation> operations, long now)
    {
        var partitionKey = request.PartitionKey ?? throw Fail.PartitionKeyMissing();
        var steps = operations.Select(o => BatchStep.Parse(o, container.Items.Settings, partitionKey)).ToList();
        var outcome = container.Items.WriteBatch(partitionKey, [.. steps.Select(s => s.Id)], now, (i, current) => steps[i].Decide(current));
        var results = new BatchOperationResult[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            results[i] = outcome.Succeeded ? steps[i].Result(outcome.Steps[i])
                : i == outcome.FailedStep ? BatchOperationResult.From(outcome.Failure!)
                : BatchOperationResult.NotApplied();
        }

        return results;
    }

    /// <summary>
    /// A bulk batch: each operation on its own, in order, with its own partition key and outcome; once the offer's
    /// throughput is spent, the remaining operations answer 429 with the time to the next window.
    /// </summary>
    private static BatchOperationResult[] RunEach(ContainerEntry container, List<BatchOperation> operations, RequestBudget? budget, long now)
    {
        var results = new BatchOperationResult[operations.Count];
        double pending = 0;
        for (var i = 0; i < operations.Count; i++)
        {
            // The first operation was admitted with the request.
            if (i > 0 && budget is not null && !budget.Allows(pending, out var retryAfter))
            {
                results[i] = BatchOperationResult.From(Fail.Throttled(retryAfter));
                continue;
            }

            try
            {
                var step = BatchStep.Parse(operations[i], container.Items.Settings, batchPartitionKey: null);
                var outcome = container.Items.WriteBatch(step.PartitionKey, [step.Id], now, (_, current) => step.Decide(current));
                results[i] = outcome.Succeeded ? step.Result(outcome.Steps[0]) : BatchOperationResult.From(outcome.Failure!);
            }
            catch (CosmosError error)
            {
                results[i] = BatchOperationResult.From(error);
            }

            pending += results[i].Charge;
        }

        return results;
    }
}
