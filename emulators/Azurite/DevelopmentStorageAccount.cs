namespace Pipeline.Emulators.Azurite;

/// <summary>
/// The well-known Azurite account. Its key is public and documented by Microsoft
/// ("Use the Azurite emulator for local Azure Storage development"), so it is not a secret.
/// </summary>
public static class DevelopmentStorageAccount
{
    public const string Name = "devstoreaccount1";

    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A connection string for the given service endpoints (queue and table optional).</summary>
    public static string ConnectionString(Uri blobEndpoint, Uri? queueEndpoint = null, Uri? tableEndpoint = null)
    {
        var text = $"DefaultEndpointsProtocol=http;AccountName={Name};AccountKey={Key};BlobEndpoint={blobEndpoint};";
        if (queueEndpoint is not null)
        {
            text += $"QueueEndpoint={queueEndpoint};";
        }

        if (tableEndpoint is not null)
        {
            text += $"TableEndpoint={tableEndpoint};";
        }

        return text;
    }
}
