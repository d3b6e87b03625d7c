using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using Pipeline.Cli.Dev.Dashboard;
using Pipeline.Testing;
using Xunit.Abstractions;

namespace Pipeline.Functions.Tests;

/// <summary>
/// The `pipeline dev` dashboard in headless Chromium (Debian's <c>/usr/bin/chromium</c>, which <c>./test</c> installs):
/// the page loads, every chart draws, and after traffic the charts hold data. The screenshot lands in the test output
/// and, with <c>PIPELINE_UPDATE_SCREENSHOTS=1</c>, in docs/images/dashboard.png for the README.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class DashboardTests(LocalStackFixture stack, ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Charts = ["ingest", "latency", "stages", "lag", "ru", "errors"];

    [Fact]
    public async Task The_dashboard_draws_live_charts_of_the_traffic_in_headless_chromium()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run ./test (it installs Debian's chromium) or apt-get install -y chromium.");
        await using var dashboard = await DashboardServer.StartAsync(stack.MetricsEndpoint, 0, NullLoggerFactory.Instance);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 700 } });
        await page.GotoAsync(dashboard.Address.ToString());

        // The page loads and draws every chart (axes, even before there is data).
        Assert.Equal("Pipeline — live dashboard", await page.TitleAsync());
        await page.WaitForFunctionAsync("() => window.dashboard.draws > 0", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        Assert.Equal(Charts.Length, await page.Locator("canvas[data-chart]").CountAsync());

        await SendTrafficAsync(TimeSpan.FromSeconds(8));

        // Every chart has a series with points, and the lines are on the canvases.
        await page.WaitForFunctionAsync(
            """
            () => {
              const s = window.dashboard.series;
              // A line needs a few points (lag per partition appears only once the projector has looked the partition up).
              const lines = name => s[name] && Object.values(s[name]).some(n => n >= 3);
              return lines("ingest") && lines("latency") && lines("stages") && lines("lag") && lines("ru") && s.ru["RU/s"] > 3;
            }
            """,
            null,
            new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 250 });
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "dashboard.png"), screenshot);
        if (Environment.GetEnvironmentVariable("PIPELINE_UPDATE_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(RepositoryRoot.Combine("docs", "images"));
            await File.WriteAllBytesAsync(RepositoryRoot.Combine("docs", "images", "dashboard.png"), screenshot);
        }

        foreach (var chart in Charts)
        {
            var coloured = await page.EvaluateAsync<int>(
                """
                id => {
                  const canvas = document.getElementById("chart-" + id);
                  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
                  // Any series' colour: equal values overlap (lag 0 on every partition draws one line, the last series' on top).
                  const colours = palette.map(hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16)));
                  // Anti-aliased line edges blend with the background, so "near" the colour counts.
                  const near = (i, [r, g, b]) => Math.abs(data[i] - r) < 48 && Math.abs(data[i + 1] - g) < 48 && Math.abs(data[i + 2] - b) < 48;
                  let count = 0;
                  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 128 && colours.some(c => near(i, c))) count++;
                  return count;
                }
                """,
                chart);
            output.WriteLine($"{chart}: {coloured} pixels of series colours");
            Assert.True(coloured > 20, $"the {chart} chart drew no line ({coloured} pixels)");
        }

        var status = await page.Locator("#status").TextContentAsync();
        Assert.DoesNotContain("failed", status, StringComparison.Ordinal);
        Assert.NotEqual("–", await page.Locator("#total-ru").TextContentAsync());

        Assert.True(screenshot.Length > 10_000);
    }

    /// <summary>Four lanes post playback batches (and now and then an invalid one) for a bounded time.</summary>
    private async Task SendTrafficAsync(TimeSpan duration)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async lane =>
        {
            var random = new Random(lane);
            for (var round = 0; DateTime.UtcNow < until && round < 400; round++)
            {
                var events = Enumerable.Range(0, 25)
                    .Select(i => PlaybackEvents.Event($"dash-{run}-{lane}-{(round * 25 + i) % 200}", "playback.heartbeat", new JsonObject { ["seconds"] = random.Next(1, 60) }))
                    .ToList();
                using var response = await stack.PostEventsAsync(PlaybackEvents.Batch(events));
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                if (round % 10 == 0)
                {
                    using var rejected = await stack.PostEventsAsync("[{\"specversion\":\"1.0\"}]");
                }

                await Task.Delay(random.Next(20, 120));
            }
        }));
    }
}
