using System.Globalization;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

public sealed class OverviewBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    public OverviewBrowserTests(BrowserFixture browser)
    {
        this.browser = browser;
        // The machine is shared: a first Blazor render can take seconds, which is a wait, not a failure.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>Calls spread over the last days before the app's clock start (<see cref="AppFactory.Now"/>), for two users on two circuits.</summary>
    internal static SeedCall[] RecentCalls()
    {
        // An hour back, so no seeded call (some are at +30/+45 min) lies in the future or past local midnight.
        var now = AppFactory.Now.AddHours(-1);
        var calls = new List<SeedCall>();
        for (var i = 0; i < 12; i++)
        {
            var at = now.AddDays(-i).AddHours(-(i % 5));
            calls.Add(new SeedCall(at) { User = "Edgardo", Tlr = 0.38 + i * 0.01, Score = 55 + i, Overlaps = i % 3, Silences = 1 + i % 2, CustomerPositive = 0.2 + i * 0.02, CustomerNegative = 0.05 });
            if (i % 2 == 0) calls.Add(new SeedCall(at.AddMinutes(30)) { User = "Aiko", Circuit = "0120000002", CircuitName = "Inside Sales", Tlr = 0.55, Score = 48, CustomerNegative = 0.2 });
            if (i % 4 == 0) calls.Add(new SeedCall(at.AddMinutes(45)) { User = "Aiko", Answered = false, CallType = "INCOMING_CALL", Circuit = "0120000002", CircuitName = "Inside Sales" });
        }
        return calls.ToArray();
    }

    [Fact]
    public async Task Overview_ShowsKpisAndCharts_AndTheUserFilterChangesUrlAndFigures()
    {
        await using var app = new KestrelApp();
        await SeedCall.PostAsync(app.Factory, RecentCalls());
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        var calls = page.GetByTestId("kpi-calls").GetByTestId("kpi-value");
        await Assertions.Expect(calls).ToHaveTextAsync("21");
        await page.Locator("[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]").WaitForAsync();
        await page.Locator("[data-testid=chart-heatmap] .apex-chart[data-chart-state=ready]").WaitForAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview"), FullPage = true });

        await page.GetByTestId("user-filter").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Aiko" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"[?&]user=Aiko\b"));
        await Assertions.Expect(calls).ToHaveTextAsync("9");
        await Assertions.Expect(page.GetByTestId("page-title")).ToContainTextAsync("Aiko");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview-user-filter"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Overview_PeriodPresetWritesDatesIntoTheUrl_AndDarkModeSticks()
    {
        await using var app = new KestrelApp();
        await SeedCall.PostAsync(app.Factory, RecentCalls());
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("21");
        await page.GetByTestId("period-button").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Today" }).ClickAsync();

        var today = AppFactory.Now.AddHours(9).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); // the browser runs in Asia/Tokyo
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"from={today}&to={today}"));
        await Assertions.Expect(page.GetByTestId("period-button")).ToContainTextAsync("Today");

        await page.GetByTestId("dark-toggle").ClickAsync();
        // The choice is saved through the circuit; reload only once it is stored.
        await page.WaitForFunctionAsync("() => localStorage.getItem('miitel.darkMode') === 'true'");
        // A fresh load of the default period: "today" alone may hold no call just after local midnight.
        await page.GotoAsync("/");
        await page.Locator("[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]").WaitForAsync();
        // After the reload the page itself is dark, not only the stored flag.
        await page.WaitForFunctionAsync("""
            () => {
                const rgb = getComputedStyle(document.querySelector('.mud-main-content') ?? document.body).backgroundColor.match(/\d+/g).map(Number);
                return (rgb[0] + rgb[1] + rgb[2]) / 3 < 100;
            }
            """);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview-dark"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Today_JustAfterMidnightInTokyo_HoldsTheCallAt0001_NotTheOneAt2359TheDayBefore()
    {
        // 00:05 on 15 March in Tokyo, the browser's zone, while it is still 14 March in UTC.
        await using var app = new KestrelApp(f => f.With("Clock:StartAt", "2026-03-14T15:05:00Z"));
        await SeedCall.PostAsync(app.Factory,
            new SeedCall(new DateTime(2026, 3, 14, 15, 1, 0, DateTimeKind.Utc)) { User = "Aiko" },      // 00:01 on 15 March in Tokyo
            new SeedCall(new DateTime(2026, 3, 14, 14, 59, 0, DateTimeKind.Utc)) { User = "Edgardo" }); // 23:59 on 14 March in Tokyo
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        var calls = page.GetByTestId("kpi-calls").GetByTestId("kpi-value");
        await Assertions.Expect(calls).ToHaveTextAsync("2");
        await page.GetByTestId("period-button").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Today" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("from=2026-03-15&to=2026-03-15"));
        await Assertions.Expect(calls).ToHaveTextAsync("1");
        var latest = page.GetByTestId("latest-table").Locator("tbody");
        await Assertions.Expect(latest).ToContainTextAsync("Aiko");
        await Assertions.Expect(latest).Not.ToContainTextAsync("Edgardo");

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AnEmptyDatabase_ShowsHowToConnectMiiTel_InsteadOfCharts()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("connect-miitel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[data-testid=webhook-url], [data-testid=webhook-url] input")).ToHaveValueAsync(app.BaseUrl + "/webhooks/miitel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.Locator("input[data-testid=webhook-headers], [data-testid=webhook-headers] input")).ToHaveValueAsync($$"""{"Authorization":"Bearer {{AppFactory.WebhookToken}}"}""");
        Assert.Equal(0, await page.Locator(".apex-chart").CountAsync());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview-empty"), FullPage = true });

        // A Viewer (here one whose circuit has no call yet) gets the same card without any way to the token.
        var password = await app.Factory.CreateUserAsync("viewer@tests.local", MiiTelDashboard.Data.DashboardRoles.Viewer, circuits: ["0500000"]);
        var viewer = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: ("viewer@tests.local", password));
        await viewer.GotoAsync("/");
        await Assertions.Expect(viewer.GetByTestId("ask-an-admin")).ToBeVisibleAsync();
        Assert.Equal(0, await viewer.GetByRole(AriaRole.Button, new() { Name = "Show" }).CountAsync());
        Assert.Equal(0, await viewer.GetByTestId("webhook-headers").CountAsync());
        Assert.DoesNotContain(AppFactory.WebhookToken, await viewer.ContentAsync());

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
