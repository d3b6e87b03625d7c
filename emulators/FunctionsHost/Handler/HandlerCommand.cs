using System.Diagnostics;
using Pipeline.Emulators.FunctionsHost.Configuration;

namespace Pipeline.Emulators.FunctionsHost.Handler;

/// <summary>
/// The command line that starts the handler: host.json's executable (a <c>.dll</c> runs under
/// <c>dotnet</c>), its arguments with <c>%VAR%</c> expanded, and its working directory.
/// </summary>
public sealed record HandlerCommand(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory)
{
    internal static HandlerCommand From(FunctionApp app, HandlerCommand? overrideCommand)
    {
        if (overrideCommand is not null)
        {
            return overrideCommand with
            {
                WorkingDirectory = Path.GetFullPath(overrideCommand.WorkingDirectory.Length == 0 ? app.Directory : overrideCommand.WorkingDirectory, app.Directory),
            };
        }

        var description = app.Host.CustomHandler;
        string Expand(string text) => AppSettings.ExpandSettings(text, name => app.Settings.Get(name) ?? string.Empty);
        var executable = Expand(description.DefaultExecutablePath);
        var workingDirectory = Path.GetFullPath(Expand(description.WorkingDirectory), app.Directory);
        var arguments = description.Arguments.Select(Expand).ToList();

        // Like the Functions host: a relative executable is looked up in the app directory first, then on PATH.
        var candidate = Path.GetFullPath(executable, app.Directory);
        var resolved = File.Exists(candidate) ? candidate : executable;
        if (resolved.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return new HandlerCommand("dotnet", [resolved, .. arguments], workingDirectory);
        }

        return new HandlerCommand(resolved, arguments, workingDirectory);
    }

    internal ProcessStartInfo ToStartInfo(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(FileName)
        {
            WorkingDirectory = WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    public override string ToString() => string.Join(' ', [FileName, .. Arguments]);
}
