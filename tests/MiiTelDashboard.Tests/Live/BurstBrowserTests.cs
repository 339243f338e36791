using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Live;

/// <summary>
/// 500 deliveries in a burst while two managers watch: the pages must end on the right totals.
/// Throughput with and without open pages is a benchmark (bench/Live), not asserted here.
/// </summary>
public sealed class BurstBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Burst = 500;

    [Fact]
    public async Task ABurstOf500Calls_WithTwoPagesOpen_ShouldEndWithBothPagesShowingAll500()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var calls = await browser.NewPageAsync(app.BaseUrl, errors);
        var overview = await browser.NewPageAsync(app.BaseUrl, errors);
        await calls.GotoAsync("/calls?circuit=BURST");
        await overview.GotoAsync("/?circuit=BURST");
        await calls.GetByTestId("calls-grid").WaitForAsync();
        await overview.GetByTestId("empty-state").Or(overview.GetByTestId("connect-miitel")).First.WaitForAsync();

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        var startedAt = AppFactory.Now.AddHours(-1);
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Burst)
            {
                var body = Bodies.Call($"burst-{i:D3}", d =>
                {
                    d["circuit_number"] = "BURST";
                    d["dial_starts_at"] = startedAt.AddSeconds(i).ToString("O");
                });
                var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));

        await calls.GetByTestId("calls-total").Filter(new() { HasText = $"{Burst} calls" }).WaitForAsync(new() { Timeout = 30_000 });
        await overview.GetByTestId("kpi-calls").GetByTestId("kpi-value").Filter(new() { HasText = Burst.ToString(CultureInfo.InvariantCulture) }).WaitForAsync(new() { Timeout = 30_000 });
        // The newest call is on top of the grid without a reload.
        await calls.Locator("a[href$='/calls/burst-499']").WaitForAsync(new() { Timeout = 10_000 });
        await calls.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("live-burst-calls") });
        // Charts that live calls brought below the window draw when scrolled to (ApexChart.razor.js).
        var heatmap = overview.Locator("[data-testid=chart-heatmap] .apex-chart");
        await heatmap.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-chart-state", "ready", new() { Timeout = 20_000 });
        // The charts settle a moment after the figures (ApexChart.razor.js), then show the whole burst:
        // the 500 calls share one talk ratio, so the distribution's one bar puts its axis past 500.
        await overview.EvaluateAsync("window.scrollTo(0, 0)");
        var distribution = overview.Locator("[data-testid=chart-distribution] .apex-chart");
        await Assertions.Expect(distribution).Not.ToHaveAttributeAsync("data-settling", "true", new() { Timeout = 20_000 });
        await Assertions.Expect(distribution.Locator("tspan", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^500$") }).First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await overview.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("live-burst-overview"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
