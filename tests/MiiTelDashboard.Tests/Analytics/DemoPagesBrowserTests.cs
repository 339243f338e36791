using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

/// <summary>The analytics pages on the demo data set (60 days, ~15 users, 4 circuits), as a new user first sees them.</summary>
public sealed class DemoPagesBrowserTests : IClassFixture<BrowserFixture>
{
    private const int DemoCalls = 1_500;
    private readonly BrowserFixture _browser;

    public DemoPagesBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task OverviewUsersAndCircuits_RenderTheDemoData_WithoutConsoleErrors()
    {
        await using var app = new KestrelApp(f => f.With("Demo:Enabled", "true").With("Demo:Calls", DemoCalls.ToString(CultureInfo.InvariantCulture)));
        var dbFactory = app.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await Wait.UntilAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Deliveries.CountAsync() >= DemoCalls;
        }, TimeSpan.FromSeconds(120), "demo calls stored");
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).Not.ToHaveTextAsync("0");
        foreach (var chart in new[] { "outcomes", "distribution", "talkratio", "overlaps", "emotion", "heatmap" })
            await page.Locator($"[data-testid=chart-{chart}] .apex-chart[data-chart-state=ready]").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("demo-overview"), FullPage = true });

        await page.GotoAsync("/users?sort=talkRatio&desc=true");
        await Assertions.Expect(page.GetByTestId("ranking-row")).Not.ToHaveCountAsync(0);
        Assert.True(await page.GetByTestId("ranking-row").CountAsync() >= 10, "about 15 demo users");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("demo-users"), FullPage = true });

        await page.GotoAsync("/circuits");
        await Assertions.Expect(page.GetByTestId("ranking-row")).ToHaveCountAsync(4);
        await page.GetByTestId("ranking-link").First.ClickAsync();
        await page.Locator("[data-testid=chart-talkratio] .apex-chart[data-chart-state=ready]").WaitForAsync();
        await page.GetByTestId("dark-toggle").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chart-talkratio] .apex-chart")).ToHaveAttributeAsync("data-updates", new System.Text.RegularExpressions.Regex("^[1-9]"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("demo-circuit-dark"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
