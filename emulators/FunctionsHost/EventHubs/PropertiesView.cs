using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>
/// A received event's properties seen as <c>object?</c> values without copying them: the trigger reads each event's
/// two property maps once, to write the invocation envelope, so a dictionary copy per event and consumer group was waste.
/// </summary>
internal sealed class PropertiesView(IReadOnlyDictionary<string, object> inner) : IReadOnlyDictionary<string, object?>
{
    public static IReadOnlyDictionary<string, object?> Of(IEnumerable<KeyValuePair<string, object>> properties) => properties switch
    {
        IReadOnlyDictionary<string, object> { Count: 0 } => Empty,
        IReadOnlyDictionary<string, object> dictionary => new PropertiesView(dictionary),
        _ => properties.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
    };

    private static readonly IReadOnlyDictionary<string, object?> Empty = new Dictionary<string, object?>(StringComparer.Ordinal);

    public object? this[string key] => inner[key];

    public IEnumerable<string> Keys => inner.Keys;

    public IEnumerable<object?> Values => inner.Values;

    public int Count => inner.Count;

    public bool ContainsKey(string key) => inner.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var found = inner.TryGetValue(key, out var stored);
        value = stored;
        return found;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        foreach (var (key, value) in inner)
        {
            yield return new KeyValuePair<string, object?>(key, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
