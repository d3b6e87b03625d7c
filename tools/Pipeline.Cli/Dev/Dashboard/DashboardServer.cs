using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Cli.Dev.Dashboard;

/// <summary>
/// The live local dashboard of `pipeline dev`: scrapes the function app's Prometheus endpoint every second and serves
/// a self-contained page (no CDN: plain HTML and canvas charts) with ingest rate, latency percentiles, lag per
/// partition, Cosmos DB RU/s and errors, plus the points as JSON on <c>/api/series</c>.
/// </summary>
public sealed partial class DashboardServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication app;
    private readonly HttpClient scraper = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly CancellationTokenSource stopping = new();
    private readonly Uri metricsEndpoint;
    private readonly TimeSpan interval;
    private readonly ILogger logger;
    private Task? scraping;

    private DashboardServer(WebApplication app, Uri metricsEndpoint, TimeSpan interval, ILogger logger)
    {
        this.app = app;
        this.metricsEndpoint = metricsEndpoint;
        this.interval = interval;
        this.logger = logger;
    }

    /// <summary>The page's address.</summary>
    public Uri Address { get; private set; } = null!;

    public DashboardSeries Series { get; } = new();

    /// <summary>Starts serving on 127.0.0.1:<paramref name="port"/> (0 picks a free port) and scraping <paramref name="metricsEndpoint"/>.</summary>
    public static async Task<DashboardServer> StartAsync(Uri metricsEndpoint, int port, ILoggerFactory loggers, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metricsEndpoint);
        ArgumentNullException.ThrowIfNull(loggers);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new DashboardServer(app, metricsEndpoint, interval ?? TimeSpan.FromSeconds(1), loggers.CreateLogger("Pipeline.Cli.Dashboard"));
        server.Map();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Urls.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        server.scraping = server.ScrapeLoopAsync(server.stopping.Token);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        if (scraping is not null)
        {
            await scraping.ConfigureAwait(false);
        }

        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        scraper.Dispose();
        stopping.Dispose();
    }

    private void Map()
    {
        app.MapGet("/", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard", () => Asset("index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", () => Asset("dashboard.js", "text/javascript; charset=utf-8"));
        app.MapGet("/api/series", () => Results.Json(new { source = metricsEndpoint.ToString(), error = Series.LastError, points = Series.Points }, Json));
    }

    private static IResult Asset(string name, string contentType)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Pipeline.Cli.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the build.");
        return Results.Stream(stream, contentType);
    }

    private async Task ScrapeLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            try
            {
                var text = await scraper.GetStringAsync(metricsEndpoint, cancellationToken).ConfigureAwait(false);
                Series.Add(new MetricsScrape(DateTimeOffset.UtcNow, PrometheusText.Parse(text)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // The handler restarts or is still starting: show it on the page and try again next tick.
                Series.Failed($"{metricsEndpoint}: {exception.Message}");
                LogScrapeFailed(exception, metricsEndpoint);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scraping {Endpoint} failed")]
    private partial void LogScrapeFailed(Exception exception, Uri endpoint);
}
