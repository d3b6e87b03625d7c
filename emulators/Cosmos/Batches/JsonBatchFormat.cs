using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Batches;

/// <summary>
/// The JavaScript SDK's batch wire format: a JSON array of operations (`operationType`, `id`, `partitionKey`,
/// `resourceBody`, `ifMatch`, `ifNoneMatch`) in, a JSON array of results out.
/// </summary>
internal static class JsonBatchFormat
{
    public static bool Recognises(ReadOnlySpan<byte> body)
    {
        var first = body.TrimStart(" \t\r\n"u8);
        return !first.IsEmpty && first[0] == (byte)'[';
    }

    public static List<BatchOperation> ReadOperations(byte[] body, int maxOperations)
    {
        JsonArray operations;
        try
        {
            operations = JsonNode.Parse(body) as JsonArray ?? throw Fail.InvalidPayload();
        }
        catch (JsonException)
        {
            throw Fail.InvalidPayload();
        }

        if (operations.Count == 0 || operations.Count > maxOperations)
        {
            throw Fail.BadRequest($"A batch must have between 1 and {maxOperations} operations; this one has {operations.Count}.");
        }

        try
        {
            return [.. operations.Select(o => Operation(o as JsonObject ?? throw Fail.InvalidPayload()))];
        }
        catch (InvalidOperationException)
        {
            // GetValue<string> on a number, object or array.
            throw Fail.BadRequest("A batch operation's operationType, id, partitionKey, ifMatch and ifNoneMatch must be strings.");
        }
    }

    public static byte[] WriteResults(IReadOnlyList<BatchOperationResult> results)
    {
        var array = new JsonArray();
        foreach (var result in results)
        {
            var json = new JsonObject { ["statusCode"] = (int)result.Status };
            if (result.Failed)
            {
                if (result.Message is not null)
                {
                    json["subStatusCode"] = result.SubStatus;
                }

                json["requestCharge"] = result.Charge;
                if (result.Message is not null)
                {
                    json["message"] = result.Message;
                }

                array.Add(json);
                continue;
            }

            json["requestCharge"] = result.Charge;
            if (result.ETag is not null)
            {
                json["eTag"] = result.ETag;
            }

            if (result.Body is not null)
            {
                json["resourceBody"] = JsonNode.Parse(result.Body);
            }

            array.Add(json);
        }

        return JsonSerializer.SerializeToUtf8Bytes(array);
    }

    private static BatchOperation Operation(JsonObject operation)
    {
        var type = operation["operationType"]?.GetValue<string>() ?? throw Fail.BadRequest("Each batch operation needs an operationType.");
        var kind = type.ToLowerInvariant() switch
        {
            "create" => BatchOperationKind.Create,
            "upsert" => BatchOperationKind.Upsert,
            "read" => BatchOperationKind.Read,
            "replace" => BatchOperationKind.Replace,
            "delete" => BatchOperationKind.Delete,
            "patch" => BatchOperationKind.Patch,
            _ => throw Fail.BadRequest($"Unknown batch operationType '{type}'. Supported: Create, Upsert, Read, Replace, Delete, Patch."),
        };
        var body = operation["resourceBody"] switch
        {
            null => null,
            JsonObject or JsonArray when kind == BatchOperationKind.Patch => JsonSerializer.SerializeToUtf8Bytes(operation["resourceBody"]),
            JsonObject resource => JsonSerializer.SerializeToUtf8Bytes(resource),
            _ => throw Fail.BadRequest($"A {type} operation needs a resourceBody object."),
        };
        return new BatchOperation(
            kind,
            operation["id"]?.GetValue<string>(),
            operation["partitionKey"]?.GetValue<string>(),
            body,
            operation["ifMatch"]?.GetValue<string>(),
            operation["ifNoneMatch"]?.GetValue<string>(),
            MinimalReturn: false);
    }
}
