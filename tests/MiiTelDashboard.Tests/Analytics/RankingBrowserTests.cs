using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

public sealed class RankingBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public RankingBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task Users_RankAndSortThroughTheUrl_AndOpenAUsersTrendsAndCalls()
    {
        await using var app = new KestrelApp();
        await SeedCall.PostAsync(app.Factory, OverviewBrowserTests.RecentCalls());
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/users");
        var firstUser = page.GetByTestId("ranking-row").First.GetByTestId("ranking-link");
        // Default: most calls first (Edgardo 12, Aiko 9).
        await Assertions.Expect(firstUser).ToHaveTextAsync("Edgardo");
        await Assertions.Expect(page.GetByTestId("team-row")).ToContainTextAsync("Team average");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("users"), FullPage = true });

        await page.GetByTestId("sort-talkRatio").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=talkRatio&desc=true"));
        await Assertions.Expect(firstUser).ToHaveTextAsync("Aiko"); // 55% vs. ~43%

        await firstUser.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/users/Aiko"));
        await Assertions.Expect(page.GetByTestId("page-title")).ToHaveTextAsync("Aiko");
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("9");
        await page.Locator("[data-testid=chart-talkratio] .apex-chart[data-chart-state=ready]").WaitForAsync();
        Assert.Equal("/calls?user=Aiko", await page.GetByTestId("user-calls").GetAttributeAsync("href"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("user-detail"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Circuits_FollowTheGlobalUserFilter_AndLinkToTheCircuitPage()
    {
        await using var app = new KestrelApp();
        await SeedCall.PostAsync(app.Factory, OverviewBrowserTests.RecentCalls());
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/circuits");
        await Assertions.Expect(page.GetByTestId("ranking-row")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("circuits"), FullPage = true });

        await page.GetByTestId("user-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Edgardo" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/circuits\?user=Edgardo$"));
        await Assertions.Expect(page.GetByTestId("ranking-row")).ToHaveCountAsync(1);

        await page.GetByTestId("ranking-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/circuits/0120000001\?user=Edgardo$"));
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("12");
        Assert.Equal("/calls?circuit=0120000001&user=Edgardo", await page.GetByTestId("circuit-calls").GetAttributeAsync("href"));
        await page.Locator("[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("circuit-detail"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
