using Pipeline.Emulators.EventHubs.Entities;

namespace Pipeline.Emulators.EventHubs.Tests;

/// <summary>Starts an in-memory emulator on free ports for tests that only need a running namespace.</summary>
public static class TestEmulator
{
    public static async Task<EventHubsEmulator> StartAsync(Action<EventHubsEmulatorOptions>? configure = null, params EventHubDefinition[] hubs)
    {
        var options = new EventHubsEmulatorOptions { Port = 0 };
        foreach (var hub in hubs)
        {
            options.EventHubs.Add(hub);
        }

        configure?.Invoke(options);
        var emulator = new EventHubsEmulator(options);
        await emulator.StartAsync();
        return emulator;
    }
}
