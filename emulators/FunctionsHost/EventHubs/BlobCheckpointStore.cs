using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>A partition's owner as recorded in its ownership blob; <c>Version</c> is the blob's ETag.</summary>
public sealed record PartitionOwnership(string PartitionId, string OwnerId, DateTimeOffset LastModified, string? Version);

/// <summary>A partition's checkpoint as recorded in its checkpoint blob.</summary>
public sealed record PartitionCheckpoint(string PartitionId, string? Offset, long? SequenceNumber, string? ClientIdentifier);

/// <summary>
/// Ownership and checkpoints in blob storage with the Event Hubs extension's exact layout, so Azure's
/// tools read ours and ours read Azure's: container <c>azure-webjobs-eventhub</c>, blobs
/// <c>&lt;fqdn&gt;/&lt;hub&gt;/&lt;consumergroup&gt;/{ownership|checkpoint}/&lt;partition&gt;</c> (lower-cased),
/// metadata <c>ownerid</c>, <c>offset</c>, <c>sequencenumber</c>, <c>clientidentifier</c>.
/// </summary>
public sealed class BlobCheckpointStore
{
    public const string ContainerName = "azure-webjobs-eventhub";
    internal const string OwnerIdKey = "ownerid";
    internal const string OffsetKey = "offset";
    internal const string SequenceNumberKey = "sequencenumber";
    internal const string ClientIdentifierKey = "clientidentifier";

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private int _containerReady;

    public BlobCheckpointStore(BlobServiceClient service, string fullyQualifiedNamespace, string eventHubName, string consumerGroup)
    {
        ArgumentNullException.ThrowIfNull(service);
        _container = service.GetBlobContainerClient(ContainerName);
        _prefix = $"{fullyQualifiedNamespace}/{eventHubName}/{consumerGroup}/".ToLowerInvariant();
    }

    public BlobContainerClient Container => _container;

    public string OwnershipBlobName(string partitionId) => $"{_prefix}ownership/{partitionId}".ToLowerInvariant();

    public string CheckpointBlobName(string partitionId) => $"{_prefix}checkpoint/{partitionId}".ToLowerInvariant();

    public async Task<IReadOnlyList<PartitionOwnership>> ListOwnershipAsync(CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<PartitionOwnership>();
        var prefix = $"{_prefix}ownership/";
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            blob.Metadata.TryGetValue(OwnerIdKey, out var owner);
            result.Add(new PartitionOwnership(
                blob.Name[prefix.Length..],
                owner ?? string.Empty,
                blob.Properties.LastModified ?? DateTimeOffset.MinValue,
                blob.Properties.ETag?.ToString()));
        }

        return result;
    }

    /// <summary>
    /// Claims (or renews, or releases with an empty owner) one partition: If-None-Match * for a new
    /// blob, If-Match the known ETag otherwise. Returns the new ownership, or null when someone else won.
    /// </summary>
    public async Task<PartitionOwnership?> ClaimOwnershipAsync(string partitionId, string ownerId, string? knownVersion, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(OwnershipBlobName(partitionId));
        var metadata = new Dictionary<string, string> { [OwnerIdKey] = ownerId };
        try
        {
            if (knownVersion is null)
            {
                var created = await blob.UploadAsync(
                    BinaryData.Empty,
                    new BlobUploadOptions { Metadata = metadata, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } },
                    cancellationToken).ConfigureAwait(false);
                return new PartitionOwnership(partitionId, ownerId, created.Value.LastModified, created.Value.ETag.ToString());
            }

            var updated = await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = new ETag(knownVersion) }, cancellationToken).ConfigureAwait(false);
            return new PartitionOwnership(partitionId, ownerId, updated.Value.LastModified, updated.Value.ETag.ToString());
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    public async Task<PartitionCheckpoint?> GetCheckpointAsync(string partitionId, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(CheckpointBlobName(partitionId));
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var metadata = properties.Value.Metadata;
            metadata.TryGetValue(OffsetKey, out var offset);
            metadata.TryGetValue(ClientIdentifierKey, out var client);
            long? sequence = metadata.TryGetValue(SequenceNumberKey, out var text)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            return new PartitionCheckpoint(partitionId, string.IsNullOrEmpty(offset) ? null : offset, sequence, client);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the checkpoint: metadata on the existing blob, or a new empty blob carrying it. Both keys are always written.</summary>
    public async Task UpdateCheckpointAsync(string partitionId, string? offset, long sequenceNumber, string clientIdentifier, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(CheckpointBlobName(partitionId));
        var metadata = new Dictionary<string, string>
        {
            [OffsetKey] = offset ?? string.Empty,
            [SequenceNumberKey] = sequenceNumber.ToString(CultureInfo.InvariantCulture),
            [ClientIdentifierKey] = clientIdentifier,
        };
        try
        {
            await blob.SetMetadataAsync(metadata, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await blob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Metadata = metadata }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _containerReady) == 1)
        {
            return;
        }

        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _containerReady, 1);
    }
}
