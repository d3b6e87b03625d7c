using System.Diagnostics;
using System.Text;

namespace Pipeline.Testing;

/// <summary>The outcome of one node process: its exit code and everything it printed.</summary>
public sealed record NodeResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with the script's own output when it failed, so a test failure shows why.</summary>
    public NodeResult EnsureSuccess()
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"node exited with {ExitCode}.\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}");
        }

        return this;
    }
}

/// <summary>
/// Runs node scripts with the repository's node_modules (installed by ./test from package-lock.json),
/// which is how the official JavaScript SDKs act as conformance oracles for our emulators.
/// </summary>
public static class NodeScript
{
    public static async Task<NodeResult> RunAsync(
        string scriptPath,
        IEnumerable<string>? arguments = null,
        IDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        start.ArgumentList.Add(scriptPath);
        foreach (var argument in arguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NODE_PATH"] = RepositoryRoot.Combine("node_modules");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {scriptPath} did not finish in time.\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        return new NodeResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
