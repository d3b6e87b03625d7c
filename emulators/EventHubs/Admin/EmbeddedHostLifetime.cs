using Microsoft.Extensions.Hosting;

namespace Pipeline.Emulators.EventHubs.Admin;

/// <summary>
/// The admin API lives inside the emulator, whose owner (a test, the CLI) decides when it stops: it must not
/// react to Ctrl+C or SIGTERM on its own the way a console host does.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
