using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;
using Pipeline.Cosmos.Configuration;

namespace Pipeline.Cosmos.Provisioning;

/// <summary>
/// Creates the store's database and containers where nothing else does (emulators, tests); in Azure the Pulumi
/// program creates the same resources with the same partition keys and indexing policy.
/// </summary>
public static class StoreProvisioner
{
    /// <summary>The <c>events</c> container indexes only what the history query filters on: <c>/i/?</c> and <c>/n/?</c>.</summary>
    public static IndexingPolicy EventsIndexingPolicy()
    {
        var policy = new IndexingPolicy { IndexingMode = IndexingMode.Consistent, Automatic = true };
        policy.IncludedPaths.Add(new IncludedPath { Path = "/i/?" });
        policy.IncludedPaths.Add(new IncludedPath { Path = "/n/?" });
        policy.ExcludedPaths.Add(new ExcludedPath { Path = "/*" });
        return policy;
    }

    /// <summary>Creates the database and the <c>events</c> (/streamId), <c>deadletters</c> (/partitionId) and <c>leases</c> (/id) containers if missing.</summary>
    public static async Task EnsureCreatedAsync(CosmosClient client, CosmosStoreOptions options, int? databaseThroughput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var database = (await client.CreateDatabaseIfNotExistsAsync(options.DatabaseName, databaseThroughput, cancellationToken: cancellationToken).ConfigureAwait(false)).Database;
        var containers = new Collection<ContainerProperties>
        {
            new(options.EventsContainer, "/streamId") { IndexingPolicy = EventsIndexingPolicy() },
            new(options.DeadLettersContainer, "/partitionId"),
            new(options.LeasesContainer, "/id"),
        };
        foreach (var properties in containers)
        {
            await database.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
