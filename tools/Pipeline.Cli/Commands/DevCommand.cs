using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Dev;
using Pipeline.Cli.Dev.Dashboard;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline dev`: the whole pipeline on this machine in one command (emulators, function app, keys), until Ctrl+C.</summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Also send sample playback traffic for a few viewers and print their projected states." };
        var port = new Option<int>("--port") { Description = "HTTP port of the function app.", DefaultValueFactory = _ => 7071 };
        var noBuild = new Option<bool>("--no-build") { Description = "Run the app already published to .pipeline/app/handler." };
        var eventHubsPort = new Option<int>("--eventhubs-port") { Description = "AMQP port of the Event Hubs emulator.", DefaultValueFactory = _ => 5672 };
        var cosmosPort = new Option<int>("--cosmos-port") { Description = "Port of the Cosmos DB emulator (HTTP).", DefaultValueFactory = _ => 8081 };
        var blobPort = new Option<int>("--blob-port") { Description = "Blob port of Azurite.", DefaultValueFactory = _ => 10000 };
        var dashboardPort = new Option<int>("--dashboard-port") { Description = "Port of the live dashboard page.", DefaultValueFactory = _ => 7072 };
        var command = new Command("dev", "Run the whole pipeline locally: Azurite, Event Hubs and Cosmos DB emulators, and the function app on http://localhost:7071.")
        {
            demo, port, noBuild, eventHubsPort, cosmosPort, blobPort, dashboardPort,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = FindRepositoryRoot();
            if (root is null)
            {
                await Console.Error.WriteLineAsync("error: run `pipeline dev` inside the repository (no Pipeline.sln with host.json found above the current directory).").ConfigureAwait(false);
                return 2;
            }

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Warning));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            var options = new LocalStackOptions
            {
                RepositoryRoot = root,
                HostPort = result.GetValue(port),
                SkipBuild = result.GetValue(noBuild),
                EventHubsPort = result.GetValue(eventHubsPort),
                CosmosPort = result.GetValue(cosmosPort),
                BlobPort = result.GetValue(blobPort),
                DashboardPort = result.GetValue(dashboardPort),
            };
            LocalStack stack;
            try
            {
                stack = await LocalStack.StartAsync(options, loggers, Console.WriteLine, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or Emulators.Azurite.AzuriteStartException
                or Emulators.FunctionsHost.Handler.HandlerStartException or Emulators.FunctionsHost.Configuration.FunctionAppConfigurationException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            await using (stack.ConfigureAwait(false))
            {
                var host = stack.Host!;
                var dashboard = await DashboardServer.StartAsync(new Uri($"http://127.0.0.1:{host.HandlerPort}/metrics"), options.DashboardPort, loggers, cancellationToken: stop.Token).ConfigureAwait(false);
                await using var stopDashboard = dashboard.ConfigureAwait(false);
                var baseAddress = new Uri($"http://localhost:{host.BaseAddress.Port}/");
                Console.WriteLine();
                Console.WriteLine($"Function app on {baseAddress} (data in {options.DataDirectory})");
                foreach (var (function, template) in host.HttpRoutes)
                {
                    var methods = string.Join(',', function.HttpTrigger!.Methods).ToUpperInvariant();
                    Console.WriteLine($"  {function.Name,-14} {methods,-5} {baseAddress}{template}");
                }

                Console.WriteLine($"  function key:  {host.Keys.DefaultFunctionKey}   (header x-functions-key or ?code=)");
                Console.WriteLine($"  master key:    {host.Keys.MasterKey}");
                Console.WriteLine($"  app settings:  {Path.Combine(stack.AppDirectory, "local.settings.json")}");
                Console.WriteLine($"  dashboard:     http://localhost:{dashboard.Address.Port}/   (live charts; Prometheus text on http://127.0.0.1:{host.HandlerPort}/metrics)");
                Console.WriteLine();
                Console.WriteLine($"  curl -X POST '{baseAddress}api/events' -H 'x-functions-key: {host.Keys.DefaultFunctionKey}' -H 'content-type: application/cloudevents+json' \\");
                Console.WriteLine("       -d '{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/cli\",\"type\":\"playback.started\",\"subject\":\"viewer-1\",\"data\":{\"titleId\":\"t1\"}}'");
                Console.WriteLine($"  curl '{baseAddress}api/streams/viewer-1' -H 'x-functions-key: {host.Keys.DefaultFunctionKey}'");
                if (result.GetValue(demo))
                {
                    Console.WriteLine();
                    try
                    {
                        await DemoTraffic.RunAsync(host.BaseAddress, host.Keys.DefaultFunctionKey, Console.Out, stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                }

                Console.WriteLine("Press Ctrl+C to stop.");
                try
                {
                    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                Console.WriteLine("Stopping...");
            }

            Console.WriteLine("Stopped.");
            return 0;
        });
        return command;
    }

    private static string? FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")) && File.Exists(Path.Combine(directory.FullName, "host.json")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
