using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("Pipeline: a serverless event pipeline for Azure, and the local cloud it runs on.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
