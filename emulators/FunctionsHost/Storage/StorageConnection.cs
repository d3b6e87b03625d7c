using Azure.Storage.Blobs;

namespace Pipeline.Emulators.FunctionsHost.Storage;

/// <summary>
/// Opens the <c>AzureWebJobsStorage</c> account: a connection string, <c>UseDevelopmentStorage=true</c>
/// (Azurite at the configured endpoint), or a <c>__blobServiceUri</c>-style endpoint.
/// </summary>
internal static class StorageConnection
{
    internal const string SettingName = "AzureWebJobsStorage";
    internal static readonly Uri DefaultDevelopmentBlobEndpoint = new("http://127.0.0.1:10000/devstoreaccount1");
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static BlobServiceClient? TryOpen(Configuration.AppSettings settings, Uri? developmentEndpoint)
    {
        var value = settings.Get(SettingName);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        if (value.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            var endpoint = developmentEndpoint ?? DefaultDevelopmentBlobEndpoint;
            var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint={endpoint};";
            return new BlobServiceClient(connection, options);
        }

        return new BlobServiceClient(value, options);
    }
}
