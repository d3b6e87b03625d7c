using Pipeline.Emulators.EventHubs;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Testing;

namespace Pipeline.EventHubs.Tests.Integration;

/// <summary>One emulator on a fixed loopback port with a hub named <see cref="Hub"/>, restartable on the same port and data.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public const string Hub = "hub";

    private TestEmulator(EventHubsEmulatorOptions options)
    {
        Options = options;
        Emulator = new EventHubsEmulator(options);
    }

    public EventHubsEmulatorOptions Options { get; }

    public EventHubsEmulator Emulator { get; private set; }

    public string ConnectionString => Emulator.GetConnectionString(Hub);

    /// <summary>The plain-TCP namespace address for the credential-based constructors.</summary>
    public string Namespace => $"amqp://{Options.Host}:{Emulator.Port}";

    public static async Task<TestEmulator> StartAsync(int partitions = 4, Action<EventHubsEmulatorOptions>? configure = null)
    {
        var options = new EventHubsEmulatorOptions { Port = FreePort.Next() };
        options.EventHubs.Add(new EventHubDefinition(Hub, partitions, "projector"));
        configure?.Invoke(options);
        var emulator = new TestEmulator(options);
        await emulator.Emulator.StartAsync();
        return emulator;
    }

    /// <summary>Stops the emulator (dropping every connection) and starts a new one on the same port and data directory.</summary>
    public async Task RestartAsync()
    {
        await Emulator.DisposeAsync();
        Emulator = new EventHubsEmulator(Options);
        await Emulator.StartAsync();
    }

    public ValueTask DisposeAsync() => Emulator.DisposeAsync();
}
