using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>The one list of top-level commands; each command lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return EmulatorCommand.Create();
        yield return HostCommand.Create();
        yield return DevCommand.Create();
        yield return LoadCommand.Create();
        yield return BenchCommand.Create();
        yield return PlanCommand.Create();
    }
}
