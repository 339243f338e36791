using Microsoft.Playwright;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Components;

/// <summary>
/// The browser's time zone and language, remembered in a cookie by <c>dashboard.js</c>, let a page start its
/// first query as its circuit starts (BrowserContext.Remembered); the browser's own answer still wins.
/// </summary>
public sealed class RememberedBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    // 00:05 on 15 March in Tokyo; one call at 0:01 there, which is 4:01 on 14 March in Pago Pago (UTC−11).
    private const string StartAt = "2026-03-14T15:05:00Z";
    private static readonly SeedCall Call = new(new DateTime(2026, 3, 14, 15, 1, 0, DateTimeKind.Utc)) { User = "Aiko" };

    public RememberedBrowserTests(BrowserFixture browser)
    {
        this.browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task WithTheRememberedZone_ThePageLoadsItsFigures_EvenBeforeTheBrowserAnswers()
    {
        await using var app = new KestrelApp(f => f.With("Clock:StartAt", StartAt));
        await SeedCall.PostAsync(app.Factory, Call);
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);
        // A first page, whose dashboard.js remembers the browser's zone.
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("1");
        var cookies = await page.Context.CookiesAsync([app.BaseUrl]);
        Assert.Equal("Asia%2FTokyo|ja-JP", Assert.Single(cookies, c => c.Name == BrowserContext.CookieName).Value);
        // The browser never answers the circuit's question: only the remembered zone can load the page.
        await page.Context.AddInitScriptAsync("""
            let dashboard;
            Object.defineProperty(window, 'miitelDashboard', {
                configurable: true,
                get: () => dashboard,
                set: v => { v.browserInfo = () => new Promise(() => {}); dashboard = v; },
            });
            """);

        await page.GotoAsync("/");

        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("latest-table").Locator("tbody")).ToContainTextAsync("2026/03/15 0:01");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task WhenTheRememberedZoneIsStale_TheBrowsersAnswerWins_AndIsRememberedForTheNextPage()
    {
        await using var app = new KestrelApp(f => f.With("Clock:StartAt", StartAt));
        await SeedCall.PostAsync(app.Factory, Call);
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);
        // Remembered on a trip to Pago Pago; the browser is in Tokyo again.
        await page.Context.AddCookiesAsync([new Cookie { Name = BrowserContext.CookieName, Value = "Pacific%2FPago_Pago|ja-JP", Url = app.BaseUrl }]);

        await page.GotoAsync("/");

        var latest = page.GetByTestId("latest-table").Locator("tbody");
        await Assertions.Expect(latest).ToContainTextAsync("2026/03/15 0:01");
        await Assertions.Expect(latest).Not.ToContainTextAsync("2026/03/14");
        var cookies = await page.Context.CookiesAsync([app.BaseUrl]);
        Assert.Equal("Asia%2FTokyo|ja-JP", Assert.Single(cookies, c => c.Name == BrowserContext.CookieName).Value);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [InlineData("Asia%2FTokyo|ja-JP", "Asia/Tokyo", "ja-JP")]
    [InlineData("America%2FNew_York|en-US", "America/New_York", "en-US")]
    [InlineData("Not%2FA_Zone|en-US", "UTC", "en-US")]   // as the browser's own answer would be read
    public void ARememberedValue_IsReadAsTheBrowsersAnswerWouldBe(string cookie, string zone, string culture)
    {
        var info = new BrowserContext(null!) { Remembered = cookie }.RememberedInfo(Languages.English);

        Assert.NotNull(info);
        Assert.Equal(zone, info.Zone.Id);
        Assert.Equal(culture, info.Culture.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Asia%2FTokyo")]
    [InlineData("a|b|c")]
    public void AnAbsentOrUnreadableValue_IsNotRemembered(string? cookie)
    {
        Assert.Null(new BrowserContext(null!) { Remembered = cookie }.RememberedInfo(Languages.English));
        Assert.Null(new BrowserContext(null!) { Remembered = new string('x', 150) + "|" + new string('y', 100) }.RememberedInfo(Languages.English));
    }
}
