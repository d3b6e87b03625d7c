using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.EventHubs;
using Pipeline.Emulators.FunctionsHost.Handler;
using Pipeline.Emulators.FunctionsHost.Http;
using Pipeline.Emulators.FunctionsHost.Invocation;
using Pipeline.Emulators.FunctionsHost.Storage;

namespace Pipeline.Emulators.FunctionsHost;

/// <summary>
/// A local stand-in for the Azure Functions host (what <c>func start</c> does) for custom-handler
/// apps: starts and supervises the handler, serves HTTP triggers and runs Event Hubs triggers with
/// Azure's payloads, retries and blob checkpoints.
/// </summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly HandlerSupervisor _handler;
    private readonly HandlerInvoker _invoker;
    private readonly List<(string FunctionName, EventHubTriggerListener Listener)> _listeners;
    private readonly Stopwatch _uptime;

    private FunctionsHost(
        FunctionApp app,
        FunctionKeys keys,
        WebApplication web,
        HandlerSupervisor handler,
        HandlerInvoker invoker,
        List<(string FunctionName, EventHubTriggerListener Listener)> listeners,
        IReadOnlyList<(FunctionDefinition Function, string Template)> httpRoutes,
        string ownerId,
        Stopwatch uptime)
    {
        App = app;
        Keys = keys;
        _web = web;
        _handler = handler;
        _invoker = invoker;
        _listeners = listeners;
        HttpRoutes = httpRoutes;
        OwnerId = ownerId;
        _uptime = uptime;
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>The loaded app configuration.</summary>
    public FunctionApp App { get; }

    /// <summary>The master and default function keys.</summary>
    public FunctionKeys Keys { get; }

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The URL template of each HTTP-triggered function.</summary>
    public IReadOnlyList<(FunctionDefinition Function, string Template)> HttpRoutes { get; }

    /// <summary>The id this host writes into ownership blobs.</summary>
    public string OwnerId { get; }

    /// <summary>The handler's port (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>).</summary>
    public int HandlerPort => _handler.Port;

    /// <summary>The handler's current process id, if it is running.</summary>
    public int? HandlerProcessId => _handler.ProcessId;

    /// <summary>How many times the handler was restarted after dying.</summary>
    public int HandlerRestarts => _handler.Restarts;

    /// <summary>The Event Hubs partitions this host owns, per function.</summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> OwnedPartitions =>
        _listeners.ToDictionary(l => l.FunctionName, l => l.Listener.OwnedPartitions);

    /// <summary>Loads the app, starts the handler and waits until it is ready, then serves triggers.</summary>
    public static async Task<FunctionsHost> StartAsync(FunctionsHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uptime = Stopwatch.StartNew();
        var logger = options.LoggerFactory.CreateLogger("Pipeline.FunctionsHost");
        var app = FunctionApp.Load(options.AppDirectory, new Dictionary<string, string>(options.SettingOverrides));
        var keys = FunctionKeys.LoadOrCreate(options.KeysDirectory ?? Path.Combine(app.Directory, ".pipeline", "keys"));
        foreach (var function in app.Functions.Where(f => f.HttpTrigger is null && f.EventHubTrigger is null))
        {
            logger.LogWarning("Function '{Function}' has a {Trigger}, which this host does not run", function.Name, function.TriggerType);
        }

        var handlerPort = FreeLoopbackPort();
        var handler = new HandlerSupervisor(HandlerCommand.From(app, options.HandlerCommandOverride), app.Settings.Values, handlerPort, options.Handler, logger);
        var invoker = new HandlerInvoker(handler, logger);
        WebApplication? web = null;
        var listeners = new List<(string FunctionName, EventHubTriggerListener Listener)>();
        try
        {
            await handler.StartAsync(cancellationToken).ConfigureAwait(false);

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedLifetime>();
            builder.Services.AddSingleton(options.LoggerFactory);
            builder.Services.AddProblemDetails();
            var port = options.Port ?? app.LocalSettings.LocalHttpPort ?? 7071;
            builder.WebHost.UseUrls($"http://{options.ListenAddress}:{port}");
            builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 100 * 1024 * 1024);
            web = builder.Build();
            var http = new HttpTriggerEndpoints(app, invoker, keys, logger);
            http.Map(web);
            var state = new HostStatus(handler, uptime);
            web.MapGet("/", () => Results.Content("<html><body><h1>Your Functions 4.0 app is up and running</h1></body></html>", "text/html"));
            web.MapGet("/admin/host/status", (HttpContext context) => state.WriteAsync(context, keys));
            await web.StartAsync(cancellationToken).ConfigureAwait(false);

            var ownerId = options.EventHubs.OwnerIdentifier ?? Guid.NewGuid().ToString();
            foreach (var function in app.Functions.Where(f => f.EventHubTrigger is not null && !f.Disabled))
            {
                var listener = CreateListener(app, function, invoker, options, ownerId, logger);
                listeners.Add((function.Name, listener));
                listener.Start();
            }

            var host = new FunctionsHost(app, keys, web, handler, invoker, listeners, http.Routes, ownerId, uptime);
            logger.LogInformation("Functions host listening on {Address} (master key in {KeyFile})", host.BaseAddress, keys.FilePath);
            return host;
        }
        catch
        {
            foreach (var (_, listener) in listeners)
            {
                await listener.DisposeAsync().ConfigureAwait(false);
            }

            if (web is not null)
            {
                await web.DisposeAsync().ConfigureAwait(false);
            }

            invoker.Dispose();
            await handler.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, listener) in _listeners)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        // Stop fast: callers (Ctrl+C handlers, test fixtures) give shutdown only a moment, and the handler must not outlive the host.
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await _web.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _handler.DisposeAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
        _invoker.Dispose();
    }

    private static EventHubTriggerListener CreateListener(FunctionApp app, FunctionDefinition function, HandlerInvoker invoker, FunctionsHostOptions options, string ownerId, ILogger logger)
    {
        var binding = function.EventHubTrigger!;
        var storage = StorageConnection.TryOpen(app.Settings, options.DevelopmentStorageBlobEndpoint)
            ?? throw new FunctionAppConfigurationException(
                LocalSettings.FileName, $"Values.{StorageConnection.SettingName}", $"is required by Event Hubs-triggered function '{function.Name}' for checkpoints and ownership");
        var factory = options.EventHubs.SourceFactory ?? AmqpEventHubsSourceFactory.Instance;
        var source = factory.Create(binding);
        var store = new BlobCheckpointStore(storage, source.FullyQualifiedNamespace, binding.EventHubName, binding.ConsumerGroup);
        return new EventHubTriggerListener(function, app.Host, source, store, invoker, options.EventHubs, ownerId, logger);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The host is a library: its caller owns Ctrl+C and SIGTERM, so the web server must not hook process signals.</summary>
    private sealed class EmbeddedLifetime : Microsoft.Extensions.Hosting.IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class HostStatus(HandlerSupervisor handler, Stopwatch uptime)
    {
        public async Task WriteAsync(HttpContext context, FunctionKeys keys)
        {
            var presented = context.Request.Headers["x-functions-key"].FirstOrDefault() ?? context.Request.Query["code"].FirstOrDefault();
            if (keys.Authenticate(presented)?.Level != AuthorizationLevel.Admin)
            {
                await HttpTriggerEndpoints.Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Admin APIs require the master key.").ConfigureAwait(false);
                return;
            }

            var status = new JsonObject
            {
                ["id"] = Environment.MachineName.ToLowerInvariant(),
                ["state"] = handler.IsReady ? "Running" : "Error",
                ["version"] = HandlerInvoker.HostVersion,
                ["versionDetails"] = $"{HandlerInvoker.HostVersion} (Pipeline local host)",
                ["processUptime"] = (long)uptime.Elapsed.TotalMilliseconds,
                ["handler"] = new JsonObject
                {
                    ["port"] = handler.Port,
                    ["processId"] = handler.ProcessId,
                    ["restarts"] = handler.Restarts,
                },
            };
            if (!handler.IsReady)
            {
                status["errors"] = new JsonArray("The custom handler is not running; it is being restarted.");
            }

            await Results.Json(status).ExecuteAsync(context).ConfigureAwait(false);
        }
    }
}
