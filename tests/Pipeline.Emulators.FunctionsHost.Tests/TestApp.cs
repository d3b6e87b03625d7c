using System.Text.Json.Nodes;
using Pipeline.Emulators.FunctionsHost;

namespace Pipeline.Emulators.FunctionsHost.Tests;

/// <summary>A private copy of the test handler's app folder, with the handler path made absolute and a record file per test.</summary>
internal sealed class TestApp : IDisposable
{
    public TestApp(IDictionary<string, string>? settings = null, params string[] withoutFunctions)
    {
        Root = System.IO.Directory.CreateTempSubdirectory("fhost-").FullName;
        Directory = Path.Combine(Root, "app");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "testapp"), Directory);
        var hostJson = Path.Combine(Directory, "host.json");
        var host = JsonNode.Parse(File.ReadAllText(hostJson))!;
        host["customHandler"]!["description"]!["defaultExecutablePath"] = Path.Combine(AppContext.BaseDirectory, "Pipeline.Emulators.FunctionsHost.TestHandler.dll");
        File.WriteAllText(hostJson, host.ToJsonString());
        foreach (var function in withoutFunctions)
        {
            System.IO.Directory.Delete(Path.Combine(Directory, function), recursive: true);
        }

        RecordFile = Path.Combine(Root, "record.jsonl");
        var localSettings = Path.Combine(Directory, "local.settings.json");
        var local = JsonNode.Parse(File.ReadAllText(localSettings))!;
        local["Values"]!["TEST_HANDLER_RECORD"] = RecordFile;
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            local["Values"]![name] = value;
        }

        File.WriteAllText(localSettings, local.ToJsonString());
    }

    public string Root { get; }

    /// <summary>Sets one app setting in local.settings.json (read by the next host started on this app).</summary>
    public void SetSetting(string name, string value)
    {
        var path = Path.Combine(Directory, "local.settings.json");
        var local = JsonNode.Parse(File.ReadAllText(path))!;
        local["Values"]![name] = value;
        File.WriteAllText(path, local.ToJsonString());
    }

    public string Directory { get; }

    public string RecordFile { get; }

    public FunctionsHostOptions Options(Action<FunctionsHostOptions>? configure = null)
    {
        var options = new FunctionsHostOptions { AppDirectory = Directory, Port = 0 };
        options.Handler.RestartDelay = TimeSpan.FromMilliseconds(200);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Everything the handler recorded so far, optionally only for one path.</summary>
    public IReadOnlyList<JsonObject> Recorded(string? path = null)
    {
        if (!File.Exists(RecordFile))
        {
            return [];
        }

        string[] lines;
        using (var stream = new FileStream(RecordFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        return lines.Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(r => path is null || string.Equals((string?)r["path"], path, StringComparison.Ordinal))
            .ToList();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A handler that is still shutting down may hold the record file; the temp folder is harmless.
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var file in System.IO.Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in System.IO.Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
