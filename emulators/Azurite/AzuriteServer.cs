using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Pipeline.Emulators.Azurite;

/// <summary>
/// A running Azurite process: Microsoft's storage emulator, started from the repository's
/// node_modules so that checkpoints and ownership blobs go through the real Blob REST API.
/// Disposing it kills the whole process tree.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string SetSid = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, StringBuilder output, Uri blobEndpoint, Uri? queueEndpoint, Uri? tableEndpoint)
    {
        _process = process;
        _output = output;
        BlobEndpoint = blobEndpoint;
        QueueEndpoint = queueEndpoint;
        TableEndpoint = tableEndpoint;
    }

    /// <summary>The blob service endpoint, including the account path (<c>http://127.0.0.1:port/devstoreaccount1</c>).</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The queue endpoint, when queue and table were requested.</summary>
    public Uri? QueueEndpoint { get; }

    /// <summary>The table endpoint, when queue and table were requested.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>A storage connection string for the well-known development account at these endpoints.</summary>
    /// <summary>The Azurite (node) process, so a caller can read its CPU or see that it stopped.</summary>
    public int ProcessId => _process.Id;

    public string ConnectionString => DevelopmentStorageAccount.ConnectionString(BlobEndpoint, QueueEndpoint, TableEndpoint);

    /// <summary>Starts Azurite and returns once its blob port accepts connections.</summary>
    public static async Task<AzuriteServer> StartAsync(AzuriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new AzuriteOptions();
        var root = options.RepositoryRoot ?? FindRepositoryRoot();
        var package = Path.Combine(root, "node_modules", "azurite", "dist", "src");
        var entry = options.IncludeQueueAndTable ? Path.Combine(package, "azurite.js") : Path.Combine(package, "blob", "main.js");
        if (!File.Exists(entry))
        {
            throw new AzuriteStartException($"Azurite is not installed: {entry} is missing (run `npm ci --ignore-scripts` at {root}).");
        }

        var blobPort = options.BlobPort == 0 ? FreeLoopbackPort() : options.BlobPort;
        var start = new ProcessStartInfo(options.NodePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        if (File.Exists(SetSid))
        {
            // A terminal's Ctrl+C signals its whole process group: in a session of its own, Azurite keeps serving until
            // its owner stops it, after the Functions host has released its partition claims and written its last
            // checkpoints. setsid execs node in place, so the process (and its id) stays the one started here.
            start.FileName = SetSid;
            start.ArgumentList.Add(options.NodePath);
        }

        start.ArgumentList.Add(entry);
        AddOption(start, "--blobHost", options.Host);
        AddOption(start, "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        int? queuePort = null;
        int? tablePort = null;
        if (options.IncludeQueueAndTable)
        {
            queuePort = options.QueuePort == 0 ? FreeLoopbackPort() : options.QueuePort;
            tablePort = options.TablePort == 0 ? FreeLoopbackPort() : options.TablePort;
            AddOption(start, "--queueHost", options.Host);
            AddOption(start, "--queuePort", queuePort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AddOption(start, "--tableHost", options.Host);
            AddOption(start, "--tablePort", tablePort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (options.InMemory)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            var location = options.Location ?? Path.Combine(root, ".pipeline", "azurite");
            Directory.CreateDirectory(location);
            AddOption(start, "--location", location);
        }

        start.ArgumentList.Add("--silent");
        start.ArgumentList.Add("--skipApiVersionCheck");
        start.ArgumentList.Add("--disableTelemetry");

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new AzuriteStartException("node could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new AzuriteStartException($"node could not be started ({options.NodePath}): {e.Message}", e);
        }

        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        Uri Endpoint(int port) => new($"http://{options.Host}:{port}/{DevelopmentStorageAccount.Name}");
        var server = new AzuriteServer(
            process,
            output,
            Endpoint(blobPort),
            queuePort is null ? null : Endpoint(queuePort.Value),
            tablePort is null ? null : Endpoint(tablePort.Value));
        try
        {
            await server.WaitUntilListeningAsync(options.Host, blobPort, options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing left to stop.
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new AzuriteStartException($"Azurite exited with code {_process.ExitCode} before listening:\n{Output()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Parse(host), port, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < timeout)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new AzuriteStartException($"Azurite did not listen on {host}:{port} within {timeout}:\n{Output()}", e);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static void AddOption(ProcessStartInfo start, string name, string value)
    {
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(value);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "node_modules", "azurite")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new AzuriteStartException("No node_modules/azurite above the current directory; set AzuriteOptions.RepositoryRoot.");
    }
}
