using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline emulator &lt;service&gt;`: runs one of the local cloud's emulators on its own.</summary>
internal static class EmulatorCommand
{
    public static Command Create()
    {
        var command = new Command("emulator", "Run one local emulator (Event Hubs or Cosmos DB) in the foreground.");
        foreach (var service in Services())
        {
            command.Subcommands.Add(service);
        }

        return command;
    }

    private static IEnumerable<Command> Services()
    {
        yield return EventHubsEmulatorCommand.Create();
        yield return CosmosEmulatorCommand.Create();
    }
}
