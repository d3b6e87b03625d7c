using System.Text;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Query.Execution;
using Pipeline.Emulators.Cosmos.Query.Syntax;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query;

/// <summary>
/// Cosmos SQL over JSON documents without the gateway: the same engine the emulator's query endpoint runs, for tools
/// and tests that want Cosmos DB's query semantics on their own data.
/// </summary>
public static class CosmosSql
{
    /// <summary>Runs <paramref name="query"/> over <paramref name="documents"/> (JSON objects) and returns the results as a JSON array.</summary>
    /// <param name="query">The SQL text.</param>
    /// <param name="documents">The documents, in the order a scan would see them.</param>
    /// <param name="parameters">The request's parameters array (`[{"name":"@x","value":1}]`), if any.</param>
    /// <exception cref="QueryException">The query text is invalid.</exception>
    public static string Execute(string query, IEnumerable<string> documents, string? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var parsed = QueryParser.Parse(query);
        var values = QueryParameters.From(parameters is null ? null : JsonNode.Parse(parameters));
        var executor = new QueryExecutor(parsed, values);
        var sources = documents.Select((d, i) => new QueryDocument((ulong)i + 1, Encoding.UTF8.GetBytes(d)));
        return JsonConversion.ToJson(executor.Run(sources).ToList<object?>());
    }
}
