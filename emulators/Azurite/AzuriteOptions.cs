namespace Pipeline.Emulators.Azurite;

/// <summary>How to start Azurite: where it lives, which ports it binds, and where it keeps its data.</summary>
public sealed class AzuriteOptions
{
    /// <summary>The folder holding <c>node_modules/azurite</c>; by default the first ancestor of the current directory that has one.</summary>
    public string? RepositoryRoot { get; set; }

    /// <summary>Loopback address Azurite binds to.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Blob port; 0 picks a free port.</summary>
    public int BlobPort { get; set; }

    /// <summary>Also start the queue and table services (through the full <c>azurite</c> entry point).</summary>
    public bool IncludeQueueAndTable { get; set; }

    /// <summary>Queue port when <see cref="IncludeQueueAndTable"/> is set; 0 picks a free port.</summary>
    public int QueuePort { get; set; }

    /// <summary>Table port when <see cref="IncludeQueueAndTable"/> is set; 0 picks a free port.</summary>
    public int TablePort { get; set; }

    /// <summary>Data folder; ignored when <see cref="InMemory"/> is set. Defaults to <c>.pipeline/azurite</c> under the repository root.</summary>
    public string? Location { get; set; }

    /// <summary>Keep everything in memory (tests): nothing survives a stop.</summary>
    public bool InMemory { get; set; }

    /// <summary>How long to wait for Azurite to accept connections.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The node executable.</summary>
    public string NodePath { get; set; } = "node";
}
