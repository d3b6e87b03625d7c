namespace Pipeline.Cli.Commands;

/// <summary>Finds the repository the command runs in (Pipeline.sln next to host.json), for commands that read or write under it.</summary>
internal static class RepositoryLocator
{
    public static string? Find()
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
