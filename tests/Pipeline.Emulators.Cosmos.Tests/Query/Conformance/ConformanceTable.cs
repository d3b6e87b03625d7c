using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;
using Pipeline.Testing;

namespace Pipeline.Emulators.Cosmos.Tests.Query.Conformance;

/// <summary>
/// The conformance table both SDKs run (`queries.json`): sixteen documents in four partitions and, per query, the
/// expected result written out by hand from the data — never produced by the emulator — and whether its order is defined.
/// </summary>
public static class ConformanceTable
{
    private static readonly Lazy<JObject> Table = new(() =>
        JObject.Parse(File.ReadAllText(RepositoryRoot.Combine("tests", "Pipeline.Emulators.Cosmos.Tests", "Query", "Conformance", "queries.json"))));

    public static IReadOnlyList<JObject> Documents => [.. Table.Value["documents"]!.Children<JObject>()];

    public static JObject Case(int index) => (JObject)Table.Value["queries"]![index]!;

    public static int Count => ((JArray)Table.Value["queries"]!).Count;

    /// <summary>
    /// JSON text that is equal for equal results: object properties sorted, system properties (`_rid`, `_ts`…) dropped,
    /// numbers by value; when the query defines no order the results themselves are sorted.
    /// </summary>
    public static string Canonical(IEnumerable<JToken> results, bool ordered)
    {
        var items = results.Select(r => Write(r, top: true)).ToList();
        if (!ordered)
        {
            items.Sort(StringComparer.Ordinal);
        }

        return "[" + string.Join(",", items) + "]";
    }

    private static string Write(JToken token, bool top) => token switch
    {
        JObject obj => "{" + string.Join(",", obj.Properties()
            .Where(p => !(top && p.Name.StartsWith('_')))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => Quote(p.Name) + ":" + Write(p.Value, top: false))) + "}",
        JArray array => "[" + string.Join(",", array.Select(e => Write(e, top: false))) + "]",
        JValue { Type: JTokenType.Integer or JTokenType.Float } number => number.Value<double>().ToString("R", CultureInfo.InvariantCulture),
        JValue { Type: JTokenType.String } text => Quote(text.Value<string>()!),
        _ => token.ToString(Newtonsoft.Json.Formatting.None),
    };

    private static string Quote(string text) => new StringBuilder(Newtonsoft.Json.JsonConvert.ToString(text)).ToString();
}
