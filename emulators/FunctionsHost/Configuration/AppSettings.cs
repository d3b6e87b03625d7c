namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>
/// The app settings a function sees: local.settings.json <c>Values</c>, then the host options'
/// overrides, then the host process's environment, the order Core Tools uses.
/// </summary>
public sealed class AppSettings
{
    private readonly Dictionary<string, string> _values;

    public AppSettings(IReadOnlyDictionary<string, string> values)
    {
        _values = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The explicit settings (not the inherited environment): these become the handler's environment variables.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    public string? Get(string name) => _values.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

    /// <summary>Replaces every <c>%Name%</c> with the setting's value; a missing setting is an error naming the field.</summary>
    internal string Resolve(string text, ConfigurationElement field)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        return ExpandSettings(text, name => Get(name) ?? throw field.Error($"refers to app setting '{name}', which is not defined"));
    }

    /// <summary>Expands <c>%Name%</c> references with <paramref name="lookup"/>; <c>%%</c> and unmatched percent signs stay as they are.</summary>
    internal static string ExpandSettings(string text, Func<string, string> lookup)
    {
        var result = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf('%', i);
            var end = start < 0 ? -1 : text.IndexOf('%', start + 1);
            if (start < 0 || end < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i);
            var name = text.Substring(start + 1, end - start - 1);
            result.Append(name.Length == 0 ? "%" : lookup(name));
            i = end + 1;
        }

        return result.ToString();
    }
}
