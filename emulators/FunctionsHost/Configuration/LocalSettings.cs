namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>local.settings.json: the app settings (<c>Values</c>) and the preferred local HTTP port.</summary>
public sealed record LocalSettings(IReadOnlyDictionary<string, string> Values, int? LocalHttpPort)
{
    internal const string FileName = "local.settings.json";

    public static LocalSettings Empty { get; } = new(new Dictionary<string, string>(), null);

    internal static LocalSettings Read(ConfigurationElement root)
    {
        if (root.Property("IsEncrypted")?.GetBoolean() == true)
        {
            throw root.ErrorAt("IsEncrypted", "is true, but encrypted settings need the Core Tools' machine key; store the values unencrypted");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.Property("Values") is { } section)
        {
            foreach (var (name, value) in section.Properties())
            {
                values[name] = value.Kind switch
                {
                    System.Text.Json.JsonValueKind.String => value.GetString(),
                    System.Text.Json.JsonValueKind.Null => string.Empty,
                    _ => throw value.Error("must be a string (app settings are strings)"),
                };
            }
        }

        var port = root.Property("Host")?.Property("LocalHttpPort")?.GetInt32(0, 65535);
        return new LocalSettings(values, port);
    }
}
