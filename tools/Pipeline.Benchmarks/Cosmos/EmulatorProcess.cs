using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// The Cosmos DB emulator in a process of its own (this benchmark executable with `cosmos --serve`), so that its CPU
/// time can be read apart from the client's and its cold start includes the runtime starting.
/// </summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    private EmulatorProcess(Process process, Uri endpoint, TimeSpan coldStart)
    {
        this.process = process;
        Endpoint = endpoint;
        ColdStart = coldStart;
    }

    public Uri Endpoint { get; }

    /// <summary>From starting the process to the first HTTP response it served.</summary>
    public TimeSpan ColdStart { get; }

    public int Id => process.Id;

    /// <summary>CPU time (user + system) the emulator process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The emulator's account key (its well-known default).</summary>
    public static string AccountKey => CosmosEmulatorOptions.WellKnownKey;

    /// <summary>Starts this executable as `<paramref name="command"/> --serve`; the named measurement must serve with <see cref="ServeAsync"/>.</summary>
    public static async Task<EmulatorProcess> StartAsync(CancellationToken cancellationToken) => await StartAsync("cosmos", cancellationToken).ConfigureAwait(false);

    public static async Task<EmulatorProcess> StartAsync(string command, CancellationToken cancellationToken)
    {
        var self = typeof(EmulatorProcess).Assembly.Location;
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!Environment.ProcessPath!.EndsWith(Path.GetFileNameWithoutExtension(self), StringComparison.Ordinal))
        {
            // Running under `dotnet <dll>` rather than the apphost: the child needs the dll too.
            start.ArgumentList.Add(self);
        }

        start.ArgumentList.Add(command);
        start.ArgumentList.Add("--serve");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                   ?? throw new InvalidOperationException("The emulator process exited before listening.");
        var endpoint = new Uri(line);
        await FirstResponseAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return new EmulatorProcess(process, endpoint, clock.Elapsed);
    }

    /// <summary>The child side: serve over HTTP on a free port, print the endpoint, stop when standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        await using var emulator = new CosmosEmulator(new CosmosEmulatorOptions { Port = 0, UseHttps = false });
        await emulator.StartAsync().ConfigureAwait(false);
        Console.WriteLine(emulator.Endpoint);
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }

        return 0;
    }

    /// <summary>One `GET /` over a bare socket: the answer (a 401 without a signature) proves a request was served.</summary>
    public static async Task FirstResponseAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {endpoint.Authority}\r\nConnection: close\r\n\r\n"), cancellationToken).ConfigureAwait(false);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read < 12 || !Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The emulator did not answer with HTTP.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        process.Dispose();
    }
}
