using System.Diagnostics;

namespace Pipeline.Cli.Dev;

/// <summary>Runs a tool the local stack needs (npm, dotnet publish) to completion; a failure carries the tool's own output.</summary>
internal static class ExternalCommand
{
    public static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` failed ({process.ExitCode}):{Environment.NewLine}{await output.ConfigureAwait(false)}{await errors.ConfigureAwait(false)}");
        }
    }
}
