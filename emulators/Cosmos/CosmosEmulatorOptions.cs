using System.Net;

namespace Pipeline.Emulators.Cosmos;

/// <summary>How a <see cref="CosmosEmulator"/> listens, authenticates, stores and meters; the defaults suit tests.</summary>
public sealed class CosmosEmulatorOptions
{
    /// <summary>The well-known key of Microsoft's Cosmos DB emulator; public, so only ever for local use.</summary>
    public const string WellKnownKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    /// <summary>TCP port; 0 picks a free one (read the bound address from <see cref="CosmosEmulator.Endpoint"/>).</summary>
    public int Port { get; set; } = 8081;

    /// <summary>Address to listen on. Loopback by default: the emulator is for this machine only.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Directory for data and the TLS certificate; null keeps everything in memory.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Serve HTTPS with a self-signed certificate (kept in the data directory); false serves plain HTTP.</summary>
    public bool UseHttps { get; set; } = true;

    /// <summary>The master key whose signatures are accepted.</summary>
    public string AccountKey { get; set; } = WellKnownKey;

    /// <summary>Enforce provisioned RU/s with 429s (substatus 3200) when a window's charges reach the offer.</summary>
    public bool EnforceThroughput { get; set; }

    /// <summary>How often expired items are purged (they are invisible as soon as they expire).</summary>
    public TimeSpan TtlSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Journal size after which a container's state is snapshotted and its journal restarted.</summary>
    public long SnapshotThresholdBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>fsync every journal append (survives power loss, much slower); by default appends reach the OS, which survives a process crash.</summary>
    public bool FlushToDisk { get; set; }

    /// <summary>Clock used for `_ts`, TTL and throughput windows (tests may substitute one).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;
}
