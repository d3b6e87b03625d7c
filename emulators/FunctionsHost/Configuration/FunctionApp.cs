namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>
/// A custom-handler function app as found on disk: host.json, local.settings.json and one
/// <c>function.json</c> per function folder, validated and with settings resolved.
/// </summary>
public sealed record FunctionApp(
    string Directory,
    HostConfiguration Host,
    LocalSettings LocalSettings,
    AppSettings Settings,
    IReadOnlyList<FunctionDefinition> Functions)
{
    /// <summary>Loads and validates the app; any malformed file raises <see cref="FunctionAppConfigurationException"/>.</summary>
    public static FunctionApp Load(string directory, IReadOnlyDictionary<string, string>? settingOverrides = null)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new FunctionAppConfigurationException(full, string.Empty, "the app directory does not exist");
        }

        if (!File.Exists(Path.Combine(full, HostConfiguration.FileName)))
        {
            throw new FunctionAppConfigurationException(HostConfiguration.FileName, string.Empty, $"is missing from {full}");
        }

        var host = HostConfiguration.Read(ConfigurationElement.Load(full, HostConfiguration.FileName));
        var local = File.Exists(Path.Combine(full, LocalSettings.FileName))
            ? LocalSettings.Read(ConfigurationElement.Load(full, LocalSettings.FileName))
            : LocalSettings.Empty;

        var values = new Dictionary<string, string>(local.Values, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in settingOverrides ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        var settings = new AppSettings(values);
        var functions = new List<FunctionDefinition>();
        foreach (var folder in System.IO.Directory.EnumerateDirectories(full).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (!File.Exists(Path.Combine(folder, FunctionDefinition.FileName)))
            {
                continue;
            }

            var relative = $"{name}/{FunctionDefinition.FileName}";
            functions.Add(FunctionDefinition.Read(name, ConfigurationElement.Load(full, relative), settings));
        }

        return new FunctionApp(full, host, local, settings, functions);
    }
}
