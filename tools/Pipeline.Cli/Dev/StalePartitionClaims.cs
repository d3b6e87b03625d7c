using Azure.Storage.Blobs;
using Pipeline.Emulators.FunctionsHost.EventHubs;

namespace Pipeline.Cli.Dev;

/// <summary>
/// Partition claims left in Azurite by an earlier `pipeline dev` that could not hand them back. Ctrl+C in a terminal
/// signals the whole process group, so Azurite is often gone before the host can release its claims; the next run
/// would then wait for them to expire (30 s) before projecting anything. The data directory belongs to one local
/// stack at a time, so every claim found at start-up is stale.
/// </summary>
internal static class StalePartitionClaims
{
    public static async Task<int> ReleaseAsync(string storageConnectionString, CancellationToken cancellationToken)
    {
        var container = new BlobContainerClient(storageConnectionString, BlobCheckpointStore.ContainerName);
        if (!await container.ExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        var released = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.Contains("/ownership/", StringComparison.Ordinal))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                released++;
            }
        }

        return released;
    }
}
