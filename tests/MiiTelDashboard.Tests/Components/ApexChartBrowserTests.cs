using Microsoft.Playwright;
using MiiTelDashboard.Components.Charts;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Components;

/// <summary>The chart module itself in Chromium, served by the real app.</summary>
public sealed class ApexChartBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public ApexChartBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task LiveUpdatesInQuickSuccession_AreDrawnOnce_WithTheLatestOptions()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        await page.GotoAsync("/integration");

        // A chart drawn by the user's page load, then three live updates within a moment of each other.
        await page.EvaluateAsync($$"""
            async () => {
                const module = await import('{{ApexChart.ModulePath}}');
                const element = document.createElement('div');
                element.id = 'settle';
                element.style.cssText = 'position:fixed;top:0;left:0;width:600px;height:240px;z-index:9999;background:#fff';
                document.body.append(element);
                const spec = labels => JSON.stringify({ chart: { type: 'bar' }, series: [{ name: 'Calls', data: [1, 2] }], xaxis: { categories: labels } });
                const chart = await module.create(element, spec(['Mon', 'Tue']), false);
                while (element.dataset.chartState !== 'ready') await new Promise(r => setTimeout(r, 20));
                for (const labels of [['Jan', 'Feb'], ['Mar', 'Apr'], ['May', 'Jun']]) chart.update(spec(labels), true);
            }
            """);

        var chart = page.Locator("#settle");
        await Assertions.Expect(chart.Locator("text", new() { HasText = "Jun" }).First).ToBeVisibleAsync();
        // Drawing each update one after another would have counted three by the time the last one shows.
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-updates", "1");
        Assert.Equal(0, await chart.Locator("text", new() { HasText = "Feb" }).CountAsync());
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
