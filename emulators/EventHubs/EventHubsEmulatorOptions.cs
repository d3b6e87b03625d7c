using Pipeline.Emulators.EventHubs.Entities;

namespace Pipeline.Emulators.EventHubs;

/// <summary>Everything an <see cref="EventHubsEmulator"/> needs to know before it starts; defaults match Microsoft's emulator.</summary>
public sealed class EventHubsEmulatorOptions
{
    /// <summary>Loopback by default: the emulator is a development tool, not a server for the network.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>AMQP port; 0 picks a free one (read it back from <see cref="EventHubsEmulator.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>Admin HTTP API port; 0 picks a free one, null turns the API off.</summary>
    public int? AdminPort { get; set; }

    public string NamespaceName { get; set; } = "emulatorNs1";

    public string KeyName { get; set; } = "RootManageSharedAccessKey";

    public string Key { get; set; } = "SAS_KEY_VALUE";

    /// <summary>Where partition logs live; null keeps everything in memory (tests).</summary>
    public string? DataDirectory { get; set; }

    /// <summary>A Microsoft emulator style Config.json to read hubs and consumer groups from.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Hubs to create at start, in addition to those of <see cref="ConfigFile"/>.</summary>
    public IList<EventHubDefinition> EventHubs { get; } = [];

    /// <summary>Accept Entra ID (jwt) tokens without validating their issuer: there is no identity provider locally.</summary>
    public bool AcceptJwtTokens { get; set; } = true;

    /// <summary>The max-message-size advertised on every link (Standard tier: 1 MB).</summary>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Ingress throughput units (1 000 events/s and 1 MB/s each); null means unlimited.</summary>
    public int? ThroughputUnits { get; set; }

    /// <summary>Events older than this are dropped (Event Hubs' message retention).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Upper bound of stored bytes per partition; the oldest events go first.</summary>
    public long RetentionBytesPerPartition { get; set; } = 1L << 30;

    /// <summary>Size at which a partition's segment file is closed and a new one started.</summary>
    public long SegmentBytes { get; set; } = 16L << 20;

    /// <summary>How often retention runs.</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
