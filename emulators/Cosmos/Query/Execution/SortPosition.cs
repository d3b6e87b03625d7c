using System.Globalization;
using System.Text;
using Pipeline.Emulators.Cosmos.Query.Values;

namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>
/// Where an ORDER BY query's last page ended: the last result's sort values, document and row. A page resumes at the
/// first result after it, so the token stays right when an SDK resumes with an extra filter in the query text
/// (`c.n >= 5`), as both official SDKs do for cross-partition ORDER BY.
/// </summary>
internal sealed record SortPosition(object?[] Keys, ulong Rid, int Index)
{
    private const string Prefix = "o:";

    public static bool IsToken(string token) => token.Trim('"').StartsWith(Prefix, StringComparison.Ordinal);

    public string ToToken()
    {
        // Undefined cannot be written as JSON, so every key is wrapped: {"v": value} or {} for undefined.
        var keys = Keys.Select(k => (object?)(k is Undefined
            ? new OrderedDictionary<string, object?>()
            : new OrderedDictionary<string, object?> { ["v"] = k })).ToList();
        var json = JsonConversion.ToJson(new List<object?> { keys, (double)Rid, (double)Index });
        return Prefix + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static SortPosition Parse(string token, int keyCount)
    {
        try
        {
            var text = token.Trim('"')[Prefix.Length..].Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            if (JsonConversion.Read(Convert.FromBase64String(text)) is List<object?> { Count: 3 } parts
                && parts[0] is List<object?> keys && keys.Count == keyCount
                && parts[1] is double rid && parts[2] is double index)
            {
                var values = keys.Select(k => k is OrderedDictionary<string, object?> wrapped
                    ? wrapped.TryGetValue("v", out var v) ? v : Undefined.Value
                    : throw new FormatException()).ToArray();
                return new SortPosition(values, (ulong)rid, (int)index);
            }
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new InvalidContinuationException(token);
        }

        throw new InvalidContinuationException(token);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Rid}:{Index}");
}
