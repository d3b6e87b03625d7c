using System.CommandLine;
using System.Runtime.InteropServices;
using Pipeline.Cli.Dev;
using Pipeline.Cli.Load;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline load`: open-loop media-streaming traffic against a function app (local or Azure), live progress, a report, and an optional read-back verification.</summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Option<Uri?>("--url") { Description = "The function app's root (e.g. https://app.azurewebsites.net/). Without it, a throwaway local stack is started on free ports." };
        var key = new Option<string?>("--key") { Description = "Function key, sent as x-functions-key." };
        var entra = new Option<string?>("--entra") { Description = "Get an Entra ID token for this scope with DefaultAzureCredential (e.g. api://<app-id>/.default) and send it as a bearer token." };
        var rate = new Option<double>("--rate") { Description = "Events per second offered (open loop).", DefaultValueFactory = _ => 1000 };
        var duration = new Option<double>("--duration") { Description = "Seconds to send for.", DefaultValueFactory = _ => 30 };
        var batch = new Option<int>("--batch-size") { Description = "Events per request (1 = single structured events).", DefaultValueFactory = _ => 10 };
        var size = new Option<int>("--event-bytes") { Description = "Approximate bytes per event.", DefaultValueFactory = _ => 1024 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at most.", DefaultValueFactory = _ => 64 };
        var streams = new Option<int>("--streams") { Description = "Viewers (streams) to spread events over.", DefaultValueFactory = _ => 1000 };
        var zipf = new Option<double>("--zipf") { Description = "Zipf exponent of stream popularity (0 = uniform).", DefaultValueFactory = _ => 1.0 };
        var watch = new Option<int>("--watch") { Description = "Streams polled to measure POST → state visible.", DefaultValueFactory = _ => 8 };
        var verify = new Option<bool>("--verify") { Description = "Afterwards read every stream back and count missing, duplicated and out-of-order events." };
        var catchUp = new Option<double>("--verify-timeout") { Description = "Seconds to wait for the projector to catch up before reading back.", DefaultValueFactory = _ => 120 };
        var output = new Option<string?>("--out") { Description = "Folder for load-report.json and load-report.md (default .pipeline/load/<run>)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the traffic's random choices.", DefaultValueFactory = _ => 1 };
        var noBuild = new Option<bool>("--no-build") { Description = "Local stack only: run the function app already published to .pipeline/load/handler." };
        var partitions = new Option<int>("--partitions") { Description = "Local stack only: partitions of the event hub.", DefaultValueFactory = _ => LocalTopologyOptions.DefaultPartitionCount };
        var command = new Command("load", "Send realistic media-streaming traffic (Zipf-popular viewers) to a pipeline at a fixed rate and report throughput, errors and latency.")
        {
            url, key, entra, rate, duration, batch, size, concurrency, streams, zipf, watch, verify, catchUp, output, seed, noBuild, partitions,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new LoadOptions
            {
                EventsPerSecond = result.GetValue(rate),
                Duration = TimeSpan.FromSeconds(result.GetValue(duration)),
                BatchSize = result.GetValue(batch),
                EventBytes = result.GetValue(size),
                Concurrency = result.GetValue(concurrency),
                Streams = result.GetValue(streams),
                ZipfExponent = result.GetValue(zipf),
                WatchedStreams = result.GetValue(watch),
                Seed = result.GetValue(seed),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException invalid)
            {
                await Console.Error.WriteLineAsync($"error: {invalid.Message.Split(" (Parameter", 2)[0]}").ConfigureAwait(false);
                return 2;
            }

            if (LocalTopologyOptions.PartitionCountProblem(result.GetValue(partitions)) is { } partitionProblem)
            {
                await Console.Error.WriteLineAsync($"error: {partitionProblem}").ConfigureAwait(false);
                return 2;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            var root = RepositoryLocator.Find();
            LocalTopology? local = null;
            try
            {
                PipelineEndpoint endpoint;
                if (result.GetValue(url) is { } target)
                {
                    endpoint = new PipelineEndpoint(target, result.GetValue(key), result.GetValue(entra));
                }
                else
                {
                    if (root is null)
                    {
                        await Console.Error.WriteLineAsync("error: without --url, run `pipeline load` inside the repository (it starts the local stack from it).").ConfigureAwait(false);
                        return 2;
                    }

                    local = await StartLocalAsync(root, result.GetValue(noBuild), result.GetValue(partitions), stop.Token).ConfigureAwait(false);
                    endpoint = new PipelineEndpoint(local.BaseAddress, local.FunctionKey);
                }

                Console.WriteLine($"Sending {options.EventsPerSecond:N0} events/s for {options.Duration.TotalSeconds:N0} s to {endpoint.BaseAddress} ({options.Streams:N0} viewers, batches of {options.BatchSize}, run {options.RunId})");
                var report = await LoadSession.RunAsync(endpoint, options, result.GetValue(verify), TimeSpan.FromSeconds(result.GetValue(catchUp)), showProgress: true, Console.WriteLine, stop.Token, local is null ? null : new ProcessCpu(local.Processes)).ConfigureAwait(false);
                var folder = result.GetValue(output) ?? Path.Combine(root ?? Environment.CurrentDirectory, ".pipeline", "load", options.RunId);
                var (json, markdown) = report.Write(folder);
                Console.WriteLine();
                Console.Write(report.ToMarkdown());
                Console.WriteLine();
                Console.WriteLine($"Report: {json}, {markdown}");
                return report.Verification is { Clean: false } || report.EventsAccepted == 0 ? 1 : 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or Azure.Identity.AuthenticationFailedException or Azure.Identity.CredentialUnavailableException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 1;
            }
            finally
            {
                if (local is not null)
                {
                    await local.DisposeAsync().ConfigureAwait(false);
                }
            }
        });
        return command;
    }

    /// <summary>Publishes the function app (unless told not to) and starts the whole stack on free ports with in-memory data.</summary>
    internal static async Task<LocalTopology> StartLocalAsync(string root, bool noBuild, int partitions, CancellationToken cancellationToken)
    {
        var handlerFolder = Path.Combine(root, ".pipeline", "load", "handler");
        var handler = Path.Combine(handlerFolder, "Pipeline.Functions.dll");
        if (!noBuild || !File.Exists(handler))
        {
            Console.WriteLine("Building the function app (dotnet publish functions/Pipeline.Functions.csproj)...");
            handler = await LocalFunctionApp.PublishHandlerAsync(root, handlerFolder, cancellationToken).ConfigureAwait(false);
        }

        Console.WriteLine("Starting Azurite, the Event Hubs and Cosmos DB emulators and the function app on free ports...");
        return await LocalTopology.StartAsync(new LocalTopologyOptions { RepositoryRoot = root, HandlerAssembly = handler, SeparateProcesses = true, PartitionCount = partitions }, withHost: true, cancellationToken).ConfigureAwait(false);
    }
}
