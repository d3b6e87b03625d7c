using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Pipeline.Emulators.FunctionsHost.Handler;

/// <summary>
/// Runs the custom handler process on <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, waits until it answers
/// <c>GET /</c>, and restarts it with backoff whenever it dies, as the Functions host does.
/// </summary>
internal sealed class HandlerSupervisor : IAsyncDisposable
{
    private readonly HandlerCommand _command;
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly HandlerSupervisorOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _probe = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private TaskCompletionSource _ready = NewReadySignal();
    private Process? _process;
    private Task? _supervision;
    private int _restarts;
    private long _launchedAt;

    // Ctrl+C in a terminal signals the whole process group, so the handler stops at the same moment the host is told to:
    // such an exit is a stop, not a crash to restart from. The registrations only note the signal; whoever owns the
    // process (the CLI) decides what the signal does.
    private readonly PosixSignalRegistration? _interrupt;
    private readonly PosixSignalRegistration? _terminate;
    private int _signalled;

    public HandlerSupervisor(HandlerCommand command, IReadOnlyDictionary<string, string> settings, int port, HandlerSupervisorOptions options, ILogger logger)
    {
        _command = command;
        Port = port;
        _options = options;
        _logger = logger;
        var environment = new Dictionary<string, string>(settings, StringComparer.Ordinal)
        {
            ["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _environment = environment;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        if (!OperatingSystem.IsWindows())
        {
            _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Volatile.Write(ref _signalled, 1));
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Volatile.Write(ref _signalled, 1));
        }
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>How many times the handler was restarted after dying.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The current handler process id, or null between runs.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Starts the handler and returns once it is ready; throws <see cref="HandlerStartException"/> if it never is.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var process = Launch();
        await WaitForReadyAsync(process, cancellationToken).ConfigureAwait(false);
        _supervision = SuperviseAsync(process);
    }

    /// <summary>Waits (bounded) until a handler is up, so invocations during a restart wait instead of failing at once.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        Task ready;
        lock (_gate)
        {
            ready = _ready.Task;
        }

        await ready.WaitAsync(_options.ReadyTimeout + _options.MaxRestartDelay, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Process? process;
        lock (_gate)
        {
            process = _process;
            _ready.TrySetCanceled();
        }

        if (process is not null)
        {
            Kill(process);
        }

        if (_supervision is not null)
        {
            await _supervision.ConfigureAwait(false);
        }

        process?.Dispose();
        _probe.Dispose();
        _interrupt?.Dispose();
        _terminate?.Dispose();
        _stopping.Dispose();
    }

    private Process Launch()
    {
        var start = _command.ToStartInfo(_environment);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new HandlerStartException($"The handler could not be started: {_command}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HandlerStartException($"The handler could not be started ({_command}): {e.Message}", e);
        }

        var pid = process.Id;
        Interlocked.Exchange(ref _launchedAt, Stopwatch.GetTimestamp());
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _logger.LogInformation("[handler {Pid}] {Line}", pid, e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _logger.LogWarning("[handler {Pid}] {Line}", pid, e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        _logger.LogInformation("Started handler {Command} (pid {Pid}) on port {Port}", _command, pid, Port);
        return process;
    }

    private async Task WaitForReadyAsync(Process process, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new HandlerStartException($"The handler exited with code {process.ExitCode} before answering GET / on port {Port} ({_command}).");
            }

            if (clock.Elapsed > _options.ReadyTimeout)
            {
                Kill(process);
                throw new HandlerStartException($"The handler did not answer GET / on port {Port} within {_options.ReadyTimeout} ({_command}).");
            }

            try
            {
                // Any HTTP response means the server is up, exactly the Functions host's readiness rule.
                using var response = await _probe.GetAsync(BaseAddress, limit.Token).ConfigureAwait(false);
                lock (_gate)
                {
                    _ready.TrySetResult();
                }

                _logger.LogInformation("Handler is ready on port {Port} after {Elapsed:F1} s", Port, clock.Elapsed.TotalSeconds);
                return;
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException or IOException)
            {
                await Task.Delay(50, limit.Token).ConfigureAwait(false);
            }
            catch (TaskCanceledException) when (!limit.IsCancellationRequested)
            {
                // The probe's own timeout: the port is open but slow; keep polling within the ready timeout.
            }
        }
    }

    private async Task SuperviseAsync(Process process)
    {
        Process? current = process;
        var failures = 0;
        while (true)
        {
            if (current is not null)
            {
                try
                {
                    await current.WaitForExitAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var runTime = Stopwatch.GetElapsedTime(Interlocked.Read(ref _launchedAt));
                var code = current.ExitCode;
                lock (_gate)
                {
                    if (_ready.Task.IsCompleted)
                    {
                        _ready = NewReadySignal();
                    }

                    _process = null;
                }

                current.Dispose();
                current = null;

                if (await IsShutdownAsync(code).ConfigureAwait(false))
                {
                    _logger.LogInformation("Handler stopped (exit code {Code}): the host is shutting down", code);
                    return;
                }

                // A handler that ran a while before dying starts the backoff over; one that keeps crashing backs off further.
                failures = runTime > TimeSpan.FromMinutes(1) ? 1 : failures + 1;
                _logger.LogWarning("Handler exited unexpectedly with code {Code} after {RunTime:F1} s", code, runTime.TotalSeconds);
            }
            else
            {
                failures++;
            }

            var delay = TimeSpan.FromTicks(Math.Min(_options.RestartDelay.Ticks * (1L << Math.Min(failures - 1, 16)), _options.MaxRestartDelay.Ticks));
            _logger.LogWarning("Restarting the handler in {Delay:F1} s (restart {Count})", delay.TotalSeconds, Restarts + 1);
            try
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _restarts);
                current = Launch();
                await WaitForReadyAsync(current, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HandlerStartException e)
            {
                _logger.LogError("Handler restart failed: {Reason}", e.Message);
            }
        }
    }

    /// <summary>
    /// Whether the handler exited because the host is stopping: the process got SIGINT/SIGTERM, or the exit was clean
    /// (0, or 130/143 after SIGINT/SIGTERM) and the host's stop follows within 2 s (signal delivery races the exit).
    /// </summary>
    private async Task<bool> IsShutdownAsync(int exitCode)
    {
        if (_stopping.IsCancellationRequested || Volatile.Read(ref _signalled) == 1)
        {
            return true;
        }

        if (exitCode is not (0 or 130 or 143))
        {
            return false;
        }

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return true;
        }

        return Volatile.Read(ref _signalled) == 1;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }

    private static TaskCompletionSource NewReadySignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
