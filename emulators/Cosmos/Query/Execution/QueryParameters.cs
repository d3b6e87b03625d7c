using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>Reads the `parameters` array of a query request (`[{"name": "@x", "value": …}]`) into query values.</summary>
internal static class QueryParameters
{
    public static Dictionary<string, object?> From(JsonNode? parameters)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (parameters is null)
        {
            return result;
        }

        if (parameters is not JsonArray list)
        {
            throw new QueryException("the request's 'parameters' must be an array of {name, value} objects", 0);
        }

        foreach (var parameter in list)
        {
            if (parameter is not JsonObject entry || entry["name"] is not JsonValue name || !name.TryGetValue<string>(out var text) || !text.StartsWith('@'))
            {
                throw new QueryException("every query parameter needs a 'name' starting with '@'", 0);
            }

            result[text] = entry.TryGetPropertyValue("value", out var value) ? JsonConversion.FromNode(value) : Undefined.Value;
        }

        return result;
    }
}
