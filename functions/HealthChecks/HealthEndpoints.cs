using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Pipeline.EventHubs.Producer;
using Pipeline.Functions.Configuration;

namespace Pipeline.Functions.HealthChecks;

/// <summary>
/// <c>GET /</c> answers at once (the host's readiness probe must stay cheap); <c>GET /api/health</c> checks every
/// dependency in parallel and answers 200 only when all are reachable, 503 with each one's status otherwise.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Text("ready"));
        endpoints.MapGet("/api/health", CheckAsync);
    }

    private static async Task<IResult> CheckAsync(
        EventHubProducerClient producer, CosmosClient cosmos, IOptions<CosmosSettings> cosmosSettings, BlobContainerClient archive, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(
            RunAsync("eventHubs", async token => { await producer.GetEventHubPropertiesAsync(token).ConfigureAwait(false); }, cancellationToken),
            RunAsync("cosmosDb", async token => { await cosmos.GetDatabase(cosmosSettings.Value.DatabaseName).ReadAsync(cancellationToken: token).ConfigureAwait(false); }, cancellationToken),
            RunAsync("storage", async token => { await archive.ExistsAsync(token).ConfigureAwait(false); }, cancellationToken)).ConfigureAwait(false);
        var healthy = checks.All(c => c.Status == "healthy");
        return Results.Json(
            new HealthReport(healthy ? "healthy" : "unhealthy", checks.ToDictionary(c => c.Name, c => new DependencyHealth(c.Status, c.DurationMs, c.Error))),
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<(string Name, string Status, long DurationMs, string? Error)> RunAsync(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token).ConfigureAwait(false);
            return (name, "healthy", watch.ElapsedMilliseconds, null);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return (name, "unhealthy", watch.ElapsedMilliseconds, timeout.IsCancellationRequested ? $"no answer within {CheckTimeout.TotalSeconds:0} s" : e.Message);
        }
    }

    private sealed record HealthReport(string Status, IReadOnlyDictionary<string, DependencyHealth> Dependencies);

    private sealed record DependencyHealth(string Status, long DurationMs, string? Error);
}
