using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Pipeline.Cosmos;
using Pipeline.Cosmos.Configuration;
using Pipeline.Cosmos.DeadLetters;
using Pipeline.EventHubs.Producer;
using Pipeline.Functions.Archiving;
using Pipeline.Functions.Ingestion;
using Pipeline.Functions.Projection;
using Pipeline.Functions.Telemetry;

namespace Pipeline.Functions.Configuration;

/// <summary>The one place the app's settings are bound and its long-lived clients registered.</summary>
internal static class FunctionAppServices
{
    private const string BulkClientKey = "cosmos-bulk";

    public static IServiceCollection AddFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventHubSettings>().Configure(s =>
        {
            s.ConnectionString = configuration["EventHubConnection"];
            s.FullyQualifiedNamespace = configuration["EventHubConnection:fullyQualifiedNamespace"];
            s.EventHubName = configuration["EventHubName"] ?? s.EventHubName;
        });
        services.AddOptions<CosmosSettings>().Bind(configuration.GetSection("CosmosDb"));
        services.AddOptions<StorageSettings>().Configure(s =>
        {
            s.ConnectionString = configuration["AzureWebJobsStorage"];
            s.AccountName = configuration["AzureWebJobsStorage:accountName"];
            s.BlobServiceUri = configuration["AzureWebJobsStorage:blobServiceUri"] is { Length: > 0 } uri ? new Uri(uri) : null;
            s.ArchiveContainer = configuration["ArchiveContainer"] ?? s.ArchiveContainer;
        });
        services.AddOptions<IngestSettings>().Bind(configuration.GetSection("Ingest"));

        services.AddSingleton(provider => CreateProducer(provider.GetRequiredService<IOptions<EventHubSettings>>().Value, provider.GetRequiredService<IOptions<IngestSettings>>().Value));
        // Two long-lived clients: point requests for reads, queries and health checks, and (with CosmosDb__bulkExecution)
        // a bulk-execution client through which each append sends its first request, so concurrent appends share batches.
        services.AddSingleton(provider => StoreOptions(provider.GetRequiredService<IOptions<CosmosSettings>>().Value));
        services.AddSingleton(provider => CosmosClientFactory.Create(provider.GetRequiredService<CosmosStoreOptions>()));
        services.AddKeyedSingleton(BulkClientKey, (provider, _) => CosmosClientFactory.Create(provider.GetRequiredService<CosmosStoreOptions>().WithBulkExecution()));
        services.AddSingleton(provider => new CosmosEventStore(
            provider.GetRequiredService<CosmosClient>(),
            provider.GetRequiredService<CosmosStoreOptions>(),
            provider.GetRequiredService<IOptions<CosmosSettings>>().Value.BulkExecution ? provider.GetRequiredKeyedService<CosmosClient>(BulkClientKey) : null));
        services.AddSingleton(provider => new DeadLetterStore(provider.GetRequiredService<CosmosClient>(), provider.GetRequiredService<CosmosStoreOptions>()));
        services.AddSingleton(provider => CreateArchiveContainer(provider.GetRequiredService<IOptions<StorageSettings>>().Value));

        services.AddSingleton<EventBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<EventBatcher>());
        services.AddSingleton<Projector>();
        services.AddSingleton<ArchiveWriter>();
        services.AddProblemDetails();
        services.AddPipelineTelemetry(configuration);
        return services;
    }

    private static EventHubProducerClient CreateProducer(EventHubSettings settings, IngestSettings ingest)
    {
        settings.Validate();
        var options = new EventHubProducerClientOptions();
        options.RetryOptions.TryTimeout = ingest.SendTimeout;
        options.RetryOptions.MaximumRetries = 2;
        return string.IsNullOrWhiteSpace(settings.ConnectionString)
            ? new EventHubProducerClient(settings.FullyQualifiedNamespace!, settings.EventHubName, new DefaultAzureCredential(), options)
            : new EventHubProducerClient(settings.ConnectionString, settings.EventHubName, options);
    }

    private static CosmosStoreOptions StoreOptions(CosmosSettings settings) => new()
    {
        AccountEndpoint = settings.AccountEndpoint ?? throw new InvalidOperationException("Set the app setting CosmosDb__accountEndpoint."),
        AccountKey = string.IsNullOrWhiteSpace(settings.AccountKey) ? null : settings.AccountKey,
        DatabaseName = settings.DatabaseName,
        UseGatewayMode = settings.UseGatewayMode,
        TrustedCertificateThumbprint = string.IsNullOrWhiteSpace(settings.TrustedCertificateThumbprint) ? null : settings.TrustedCertificateThumbprint,
    };

    private static BlobContainerClient CreateArchiveContainer(StorageSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            return new BlobContainerClient(settings.ConnectionString, settings.ArchiveContainer);
        }

        var endpoint = settings.ResolveBlobServiceUri()
            ?? throw new InvalidOperationException("Set the app setting AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__accountName / __blobServiceUri.");
        return new BlobServiceClient(endpoint, new DefaultAzureCredential()).GetBlobContainerClient(settings.ArchiveContainer);
    }
}
