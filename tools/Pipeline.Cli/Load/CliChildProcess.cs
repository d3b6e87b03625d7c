using System.Diagnostics;
using System.Text;

namespace Pipeline.Cli.Load;

/// <summary>
/// A `pipeline` subcommand (an emulator, the Functions host) run as a child process of this CLI, so that its CPU can be
/// read from its own /proc entry instead of being mixed into the load generator's. Start-up waits for the line the
/// command prints when it is ready; disposing stops it with SIGTERM (clean shutdown), then kills what is left.
/// </summary>
internal sealed class CliChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Line)> waiting = [];

    private CliChildProcess(Process process)
    {
        this.process = process;
    }

    public int ProcessId => process.Id;

    /// <summary>Starts <c>pipeline &lt;arguments&gt;</c> with the same runtime and CLI assembly as this process.</summary>
    public static CliChildProcess Start(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(typeof(CliChildProcess).Assembly.Location);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"`pipeline {string.Join(' ', arguments)}` could not be started.");
        var child = new CliChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The rest of the first output line that starts with <paramref name="prefix"/> (after leading spaces), once the child prints it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var line = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (output)
        {
            foreach (var earlier in output.ToString().Split('\n'))
            {
                if (earlier.TrimStart().StartsWith(prefix, StringComparison.Ordinal))
                {
                    return earlier.TrimStart()[prefix.Length..].Trim();
                }
            }

            waiting.Add((prefix, line));
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var exited = process.WaitForExitAsync(limit.Token);
        var first = await Task.WhenAny(line.Task, exited, Task.Delay(Timeout.Infinite, limit.Token)).ConfigureAwait(false);
        if (first == line.Task)
        {
            return await line.Task.ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        throw new InvalidOperationException(process.HasExited
            ? $"`pipeline {Describe()}` exited ({process.ExitCode}) before printing \"{prefix}\":{Environment.NewLine}{text}"
            : $"`pipeline {Describe()}` did not print \"{prefix}\" within {timeout.TotalSeconds:0} s:{Environment.NewLine}{text}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                using var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
                if (term is not null)
                {
                    await term.WaitForExitAsync().ConfigureAwait(false);
                }

                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or System.ComponentModel.Win32Exception or InvalidOperationException)
            {
                // No clean stop in time (or no `kill` here): end the whole tree.
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        process.Dispose();
    }

    private string Describe() => process.StartInfo.ArgumentList.Count > 1 ? string.Join(' ', process.StartInfo.ArgumentList.Skip(1)) : string.Empty;

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            // Keep the start-up chatter for error messages, not a long run's logs.
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }

            var trimmed = line.TrimStart();
            for (var i = waiting.Count - 1; i >= 0; i--)
            {
                if (trimmed.StartsWith(waiting[i].Prefix, StringComparison.Ordinal))
                {
                    waiting[i].Line.TrySetResult(trimmed[waiting[i].Prefix.Length..].Trim());
                    waiting.RemoveAt(i);
                }
            }
        }
    }
}
