namespace Pipeline.Functions.Configuration;

/// <summary>
/// The archive's blob storage, from the same settings the Functions host uses: <c>AzureWebJobsStorage</c> (a connection
/// string locally) or <c>AzureWebJobsStorage__accountName</c> / <c>__blobServiceUri</c> (managed identity in Azure).
/// </summary>
public sealed class StorageSettings
{
    /// <summary>A storage connection string, e.g. Azurite's.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The storage account name, for identity-based connections.</summary>
    public string? AccountName { get; set; }

    /// <summary>The blob endpoint, for identity-based connections (wins over <see cref="AccountName"/>).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The container archived batches are written to.</summary>
    public string ArchiveContainer { get; set; } = "archive";

    internal Uri? ResolveBlobServiceUri() =>
        BlobServiceUri ?? (string.IsNullOrWhiteSpace(AccountName) ? null : new Uri($"https://{AccountName}.blob.core.windows.net/"));
}
