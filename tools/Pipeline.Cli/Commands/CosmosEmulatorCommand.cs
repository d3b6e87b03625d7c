using System.CommandLine;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline emulator cosmos`: runs the Cosmos DB emulator in the foreground until Ctrl+C.</summary>
internal static class CosmosEmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 8081 };
        var data = new Option<string?>("--data") { Description = "Directory for data and the TLS certificate; omit to keep everything in memory." };
        var http = new Option<bool>("--http") { Description = "Serve plain HTTP instead of HTTPS with the self-signed certificate." };
        var key = new Option<string>("--key") { Description = "Master key clients sign with (base64).", DefaultValueFactory = _ => CosmosEmulatorOptions.WellKnownKey };
        var capacity = new Option<bool>("--capacity") { Description = "Enforce provisioned RU/s: over budget answers 429 with x-ms-retry-after-ms." };

        var command = new Command("cosmos", "Cosmos DB (NoSQL API) gateway emulator for the official SDKs.") { port, data, http, key, capacity };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new CosmosEmulatorOptions
            {
                Port = parseResult.GetValue(port),
                DataDirectory = parseResult.GetValue(data) is { Length: > 0 } directory ? Path.GetFullPath(directory) : null,
                UseHttps = !parseResult.GetValue(http),
                AccountKey = parseResult.GetValue(key) ?? CosmosEmulatorOptions.WellKnownKey,
                EnforceThroughput = parseResult.GetValue(capacity),
            };
            await using var emulator = new CosmosEmulator(options);
            try
            {
                await emulator.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return 2;
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"error: cannot listen on port {options.Port}: {ex.Message}").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine($"Cosmos DB emulator listening on {emulator.Endpoint}");
            Console.WriteLine($"  key:               {emulator.AccountKey}");
            Console.WriteLine($"  connection string: {emulator.ConnectionString}");
            Console.WriteLine($"  data:              {options.DataDirectory ?? "(in memory)"}");
            if (emulator.Certificate is { } certificate)
            {
                Console.WriteLine($"  certificate:       self-signed, SHA-1 {certificate.Thumbprint}" +
                                  (options.DataDirectory is null ? " (new each start)" : $" ({Path.Combine(options.DataDirectory, "cosmos-emulator.pfx")})"));
            }

            Console.WriteLine($"  throughput:        {(options.EnforceThroughput ? "enforced (429 over budget)" : "metered, not enforced")}");
            Console.WriteLine("Press Ctrl+C to stop.");
            // Stop cleanly on Ctrl+C and on SIGTERM (service managers, `kill`), flushing the journal on the way out.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
            using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("Stopped.");
            return 0;

            void Stop(System.Runtime.InteropServices.PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        });
        return command;
    }
}
