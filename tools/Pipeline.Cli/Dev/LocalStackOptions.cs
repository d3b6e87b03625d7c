namespace Pipeline.Cli.Dev;

/// <summary>Where `pipeline dev` runs: the repository, the data folder and the well-known local ports.</summary>
internal sealed class LocalStackOptions
{
    public required string RepositoryRoot { get; init; }

    /// <summary>Emulator data, the built app and its keys (<c>.pipeline/</c>, ignored by git).</summary>
    public string DataDirectory => Path.Combine(RepositoryRoot, ".pipeline");

    public int HostPort { get; init; } = 7071;

    public int EventHubsPort { get; init; } = 5672;

    public int CosmosPort { get; init; } = 8081;

    public int BlobPort { get; init; } = 10000;

    /// <summary>Port of the live dashboard page.</summary>
    public int DashboardPort { get; init; } = 7072;

    public string EventHubName { get; init; } = "events";

    public int PartitionCount { get; init; } = 4;

    public bool SkipBuild { get; init; }
}
