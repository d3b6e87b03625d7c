using System.CommandLine;
using Microsoft.Extensions.Logging;
using Pipeline.Emulators.FunctionsHost;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Handler;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline host --app &lt;dir&gt;`: runs a custom-handler function app locally, as `func start` would.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var app = new Option<DirectoryInfo>("--app") { Description = "The function app directory (host.json, <name>/function.json, local.settings.json).", Required = true };
        var port = new Option<int?>("--port") { Description = "HTTP port of the host (0 = any free port; default: local.settings.json Host.LocalHttpPort, else 7071)." };
        var handler = new Option<string?>("--handler") { Description = "Run this command instead of host.json's defaultExecutablePath (e.g. a built .dll)." };
        var storage = new Option<Uri?>("--dev-storage")
        {
            Description = "Blob endpoint that UseDevelopmentStorage=true maps to (default http://127.0.0.1:10000/devstoreaccount1).",
            CustomParser = argument =>
            {
                var text = argument.Tokens.Count > 0 ? argument.Tokens[0].Value : string.Empty;
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                {
                    return uri;
                }

                argument.AddError($"--dev-storage must be an absolute http(s) URL, e.g. http://127.0.0.1:10000/devstoreaccount1 (got '{text}').");
                return null;
            },
        };
        var balancing = new Option<double?>("--load-balancing-interval") { Description = "Seconds between partition load-balancing cycles once the host holds its share (Azure's default is 10; until then it claims one partition after another without waiting)." };
        var command = new Command("host", "Run a Functions custom-handler app locally: HTTP and Event Hubs triggers, keys, retries, checkpoints.")
        {
            app, port, handler, storage, balancing,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }));
            var options = new FunctionsHostOptions
            {
                AppDirectory = result.GetValue(app)!.FullName,
                Port = result.GetValue(port),
                DevelopmentStorageBlobEndpoint = result.GetValue(storage),
                LoggerFactory = loggers,
            };
            if (result.GetValue(balancing) is > 0 and var seconds)
            {
                options.EventHubs.LoadBalancingUpdateInterval = TimeSpan.FromSeconds(seconds);
            }
            if (result.GetValue(handler) is { Length: > 0 } handlerCommand)
            {
                options.HandlerCommandOverride = handlerCommand.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                    ? new HandlerCommand("dotnet", [Path.GetFullPath(handlerCommand)], string.Empty)
                    : new HandlerCommand(handlerCommand, [], string.Empty);
            }

            // Own Ctrl+C and SIGTERM so the host always shuts down in order and never leaves the handler process behind.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
            using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
            cancellationToken = stop.Token;
            try
            {
                await using var host = await FunctionsHost.StartAsync(options, cancellationToken).ConfigureAwait(false);
                Console.WriteLine($"Functions host on {host.BaseAddress}");
                foreach (var (function, template) in host.HttpRoutes)
                {
                    var methods = function.HttpTrigger!.Methods.Count == 0 ? "ANY" : string.Join(',', function.HttpTrigger.Methods);
                    Console.WriteLine($"  {function.Name}: [{methods}] {host.BaseAddress}{template} ({function.HttpTrigger.AuthLevel.ToString().ToLowerInvariant()})");
                }

                Console.WriteLine($"  master key: {host.Keys.MasterKey}");
                Console.WriteLine($"  default function key: {host.Keys.DefaultFunctionKey}");
                Console.WriteLine("Press Ctrl+C to stop.");
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 0;
            }
            catch (Exception e) when (e is FunctionAppConfigurationException or HandlerStartException or InvalidOperationException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }
}
