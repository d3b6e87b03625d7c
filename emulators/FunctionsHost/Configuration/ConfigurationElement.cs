using System.Globalization;
using System.Text.Json;

namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>
/// A JSON value in a config file that knows its file and path, so every type or range error names
/// exactly what to fix. Property names are case-insensitive, as in the Functions host.
/// </summary>
internal readonly struct ConfigurationElement
{
    private readonly JsonElement _element;

    private ConfigurationElement(string file, string path, JsonElement element)
    {
        File = file;
        Path = path;
        _element = element;
    }

    public string File { get; }

    public string Path { get; }

    public JsonValueKind Kind => _element.ValueKind;

    public static ConfigurationElement Load(string appDirectory, string relativeFile)
    {
        var full = System.IO.Path.Combine(appDirectory, relativeFile);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(full);
        }
        catch (IOException e)
        {
            throw new FunctionAppConfigurationException(relativeFile, string.Empty, $"cannot be read ({e.Message})", e);
        }

        return Parse(relativeFile, text);
    }

    public static ConfigurationElement Parse(string file, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var root = new ConfigurationElement(file, string.Empty, document.RootElement.Clone());
            if (root.Kind != JsonValueKind.Object)
            {
                throw root.Error("must be a JSON object");
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new FunctionAppConfigurationException(
                file, string.Empty, $"is not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1})", e);
        }
    }

    public FunctionAppConfigurationException Error(string problem) => new(File, Path, problem);

    public ConfigurationElement? Property(string name)
    {
        RequireObject();
        foreach (var property in _element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : new ConfigurationElement(File, Join(Path, property.Name), property.Value);
            }
        }

        return null;
    }

    public IEnumerable<(string Name, ConfigurationElement Value)> Properties()
    {
        RequireObject();
        var file = File;
        var path = Path;
        return _element.EnumerateObject().Select(p => (p.Name, new ConfigurationElement(file, Join(path, p.Name), p.Value))).ToList();
    }

    public IReadOnlyList<ConfigurationElement> Items()
    {
        if (Kind != JsonValueKind.Array)
        {
            throw Error("must be an array");
        }

        var file = File;
        var path = Path;
        return _element.EnumerateArray().Select((item, i) => new ConfigurationElement(file, $"{path}[{i}]", item)).ToList();
    }

    public string GetString()
    {
        if (Kind != JsonValueKind.String)
        {
            throw Error($"must be a string, not {Describe(Kind)}");
        }

        return _element.GetString()!;
    }

    public bool GetBoolean() => Kind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(_element.GetString(), out var value) => value,
        _ => throw Error($"must be true or false, not {Describe(Kind)}"),
    };

    public int GetInt32(int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        int value;
        if (Kind == JsonValueKind.Number && _element.TryGetInt32(out var number))
        {
            value = number;
        }
        else if (Kind == JsonValueKind.String && int.TryParse(_element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
        }
        else
        {
            throw Error($"must be an integer, not {Describe(Kind)}");
        }

        if (value < minimum || value > maximum)
        {
            throw Error(maximum == int.MaxValue ? $"must be at least {minimum}, not {value}" : $"must be between {minimum} and {maximum}, not {value}");
        }

        return value;
    }

    /// <summary>A .NET TimeSpan literal (<c>00:00:05</c>), as host.json and function.json use.</summary>
    public TimeSpan GetTimeSpan()
    {
        var text = GetString();
        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) || value < TimeSpan.Zero)
        {
            throw Error($"must be a time span like \"00:00:05\", not \"{text}\"");
        }

        return value;
    }

    public string? OptionalString(string name) => Property(name)?.GetString();

    public FunctionAppConfigurationException ErrorAt(string name, string problem) => new(File, Join(Path, name), problem);

    private void RequireObject()
    {
        if (Kind != JsonValueKind.Object)
        {
            throw Error($"must be an object, not {Describe(Kind)}");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
