using System.Text.Json.Nodes;

namespace Pipeline.Emulators.FunctionsHost.Invocation;

/// <summary>The handler's reply to an invocation: <c>{"Outputs": {...}, "Logs": [...], "ReturnValue": ...}</c>, names case-insensitive.</summary>
public sealed record InvocationResult(IReadOnlyDictionary<string, JsonNode?> Outputs, IReadOnlyList<string> Logs, JsonNode? ReturnValue)
{
    internal static InvocationResult Parse(string functionName, string body)
    {
        JsonNode? root;
        try
        {
            root = string.IsNullOrWhiteSpace(body) ? new JsonObject() : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new HandlerInvocationException(functionName, 200, $"Function '{functionName}': the handler's reply is not JSON: {e.Message}", e);
        }

        if (root is not JsonObject reply)
        {
            throw new HandlerInvocationException(functionName, 200, $"Function '{functionName}': the handler's reply must be a JSON object with Outputs, Logs and ReturnValue.");
        }

        JsonNode? Member(string name) =>
            reply.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        var outputs = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        if (Member("Outputs") is JsonObject outputObject)
        {
            foreach (var (name, value) in outputObject)
            {
                outputs[name] = value;
            }
        }

        var logs = Member("Logs") is JsonArray logArray
            ? logArray.Select(l => l is JsonValue v && v.TryGetValue<string>(out var s) ? s : l?.ToJsonString() ?? string.Empty).ToList()
            : [];
        return new InvocationResult(outputs, logs, Member("ReturnValue"));
    }
}
