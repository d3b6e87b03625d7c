using System.CommandLine;
using System.Runtime.InteropServices;
using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Errors;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline emulator eventhubs`: runs the Event Hubs emulator in the foreground until Ctrl+C.</summary>
internal static class EventHubsEmulatorCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "AMQP port (0 picks a free one).", DefaultValueFactory = _ => 5672 };
        var adminPort = new Option<int>("--admin-port") { Description = "Port of the admin HTTP API (0 picks a free one).", DefaultValueFactory = _ => 5300 };
        var config = new Option<FileInfo?>("--config") { Description = "A Config.json in the shape of Microsoft's Event Hubs emulator." };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Directory for partition logs; omit to keep everything in memory." };
        var throughputUnits = new Option<int?>("--throughput-units") { Description = "Ingress limit in throughput units (1 000 events/s and 1 MB/s each); unlimited when omitted." };

        var command = new Command("eventhubs", "Run the Event Hubs emulator (AMQP 1.0) until Ctrl+C.");
        command.Options.Add(port);
        command.Options.Add(adminPort);
        command.Options.Add(config);
        command.Options.Add(data);
        command.Options.Add(throughputUnits);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var options = new EventHubsEmulatorOptions
            {
                Port = parseResult.GetValue(port),
                AdminPort = parseResult.GetValue(adminPort),
                ConfigFile = parseResult.GetValue(config)?.FullName,
                DataDirectory = parseResult.GetValue(data)?.FullName,
                ThroughputUnits = parseResult.GetValue(throughputUnits),
            };

            await using var emulator = new EventHubsEmulator(options);
            try
            {
                await emulator.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EmulatorConfigurationException or System.Net.Sockets.SocketException)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 2;
            }

            Console.WriteLine($"Event Hubs emulator listening on amqp://{options.Host}:{emulator.Port}");
            Console.WriteLine($"Admin API: {emulator.AdminEndpoint}eventhubs");
            Console.WriteLine($"Connection string: {emulator.GetConnectionString()}");
            Console.WriteLine(options.DataDirectory is null ? "Data: in memory" : $"Data: {options.DataDirectory}");
            Console.WriteLine("Press Ctrl+C to stop.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping.");
            }

            return 0;
        });
        return command;
    }
}
