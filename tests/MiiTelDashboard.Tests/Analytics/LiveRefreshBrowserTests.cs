using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

public sealed class LiveRefreshBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public LiveRefreshBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task ANewMatchingCall_UpdatesTheOpenOverview_WithoutReloading_AndAnotherUsersCallDoesNot()
    {
        await using var app = new KestrelApp();
        var now = AppFactory.Now;
        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddHours(-2)) { User = "Aiko" });
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/?user=Aiko");
        var calls = page.GetByTestId("kpi-calls").GetByTestId("kpi-value");
        await Assertions.Expect(calls).ToHaveTextAsync("1");
        var chart = page.Locator("[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]");
        await chart.WaitForAsync();
        // Marks this document: a reload would lose it.
        await page.EvaluateAsync("window.__sameDocument = true");

        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddMinutes(-5)) { User = "Edgardo" });
        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddMinutes(-1)) { User = "Aiko" });

        await Assertions.Expect(calls).ToHaveTextAsync("2");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        // The chart was updated in place, not re-created.
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-updates", new System.Text.RegularExpressions.Regex("^[1-9]"));
        await Assertions.Expect(page.Locator(".apex-chart[data-chart-kind=bar]")).ToHaveCountAsync(2);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task LiveCharts_OutOfView_WaitUntilScrolledTo_AndABackgroundTabCatchesUpWhenShown()
    {
        await using var app = new KestrelApp();
        var now = AppFactory.Now;
        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddHours(-2)) { User = "Edgardo" });
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        // A short window: the KPIs and the first row of charts are in view, the heatmap is well below.
        await page.SetViewportSizeAsync(1440, 700);

        await page.GotoAsync("/?user=Aiko");
        var calls = page.GetByTestId("kpi-calls").GetByTestId("kpi-value");
        await Assertions.Expect(calls).ToHaveTextAsync("0");

        // Aiko's first call brings data to the empty panels: the charts in view draw, the one below waits.
        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddMinutes(-3)) { User = "Aiko" });
        await Assertions.Expect(calls).ToHaveTextAsync("1");
        var outcomes = page.Locator("[data-testid=chart-outcomes] .apex-chart");
        var heatmap = page.Locator("[data-testid=chart-heatmap] .apex-chart");
        await Assertions.Expect(outcomes).ToHaveAttributeAsync("data-chart-state", "ready");
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-chart-state", "waiting");
        Assert.Equal(0, await heatmap.Locator("svg").CountAsync());

        await heatmap.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(heatmap).ToHaveAttributeAsync("data-chart-state", "ready");
        await Assertions.Expect(heatmap.Locator("svg").First).ToBeVisibleAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");

        // In a background tab a live update waits, and is drawn when the tab is shown again.
        await page.EvaluateAsync("""
            () => {
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await SeedCall.PostAsync(app.Factory, new SeedCall(now.AddMinutes(-1)) { User = "Aiko" });
        await Assertions.Expect(calls).ToHaveTextAsync("2");
        await Assertions.Expect(outcomes).ToHaveAttributeAsync("data-waiting", "true");
        Assert.Null(await outcomes.GetAttributeAsync("data-updates"));

        await page.EvaluateAsync("""
            () => {
                delete document.visibilityState;
                document.dispatchEvent(new Event('visibilitychange'));
            }
            """);
        await Assertions.Expect(outcomes).ToHaveAttributeAsync("data-updates", "1");
        await Assertions.Expect(outcomes).Not.ToHaveAttributeAsync("data-waiting", "true");

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

}
