namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>Purges expired items in the background; reads already hide them the moment they expire.</summary>
internal sealed class TtlSweeper : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public TtlSweeper(ResourceCatalog catalog, TimeSpan interval, TimeProvider time)
    {
        loop = RunAsync(catalog, interval, time, stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private static async Task RunAsync(ResourceCatalog catalog, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow().ToUnixTimeSeconds();
            foreach (var container in catalog.AllContainers())
            {
                try
                {
                    container.Items.PurgeExpired(now);
                }
                catch (IOException)
                {
                    // The journal could not be written (disk full?): the items stay hidden and the next sweep retries.
                }
            }
        }
    }
}
