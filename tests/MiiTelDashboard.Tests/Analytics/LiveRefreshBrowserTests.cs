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
        var now = DateTime.UtcNow;
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
}
