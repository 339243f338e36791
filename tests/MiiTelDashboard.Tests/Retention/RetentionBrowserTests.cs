using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiiTelDashboard.Retention;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Retention;

/// <summary>
/// The pages load their calls once the circuit is interactive (a prerendered page holds none), so
/// they are read in a real browser: an HTML download would show no call before the purge either.
/// </summary>
public sealed class RetentionBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture browser;

    public RetentionBrowserTests(BrowserFixture browser)
    {
        this.browser = browser;
        // A 2-core machine shared with other builds: give the first interactive render room.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task AfterAPurge_ThePagesShowNoOldCall_AndStillShowTheRecentOnes()
    {
        await using var app = new KestrelApp(f => f.With("Retention:Days", "90").With("Retention:StartDelay", "1.00:00:00"));
        using (var webhook = app.Factory.WebhookClient())
        {
            foreach (var (id, at, word) in new[]
                     {
                         ("old-1", RetentionSeed.Old, "oldword"), ("old-2", RetentionSeed.Old.AddHours(1), "oldword"), ("old-3", RetentionSeed.Old.AddHours(2), "oldword"),
                         ("recent-1", RetentionSeed.Recent, "recentword"), ("recent-2", RetentionSeed.Recent.AddHours(1), "recentword"),
                     })
            {
                using var response = await webhook.PostAsync("/webhooks/miitel", AppFactory.Json(RetentionSeed.Call(id, at, word).Text()));
                response.EnsureSuccessStatusCode();
            }
        }
        var errors = new List<string>();

        // Before: every page shows the old calls, so their absence afterwards is the purge's doing.
        await ExpectPagesAsync(app, errors, total: 5, oldShown: true);

        var result = await app.Factory.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);
        Assert.Equal(3, result.Calls.Calls);

        await ExpectPagesAsync(app, errors, total: 2, oldShown: false);
        var detail = await Viewer.OpenAsync(browser, app.BaseUrl, "/calls/old-1", errors);
        await Assertions.Expect(detail.GetByText("Call not found")).ToBeVisibleAsync();
        var kept = await Viewer.OpenAsync(browser, app.BaseUrl, "/calls/recent-1", errors);
        await Assertions.Expect(kept.GetByTestId("call-header")).ToBeVisibleAsync();

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private async Task ExpectPagesAsync(KestrelApp app, List<string> errors, int total, bool oldShown)
    {
        var oldLinks = oldShown ? 1 : 0;

        var overview = await Viewer.OpenAsync(browser, app.BaseUrl, "/?period=all", errors);
        await Assertions.Expect(overview.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(overview.Locator("[data-testid=latest-table] a[href='/calls/recent-1']")).ToHaveCountAsync(1);
        await Assertions.Expect(overview.Locator("[data-testid=latest-table] a[href='/calls/old-1']")).ToHaveCountAsync(oldLinks);

        var calls = await Viewer.OpenAsync(browser, app.BaseUrl, "/calls?period=all", errors);
        await Assertions.Expect(calls.GetByTestId("calls-total")).ToHaveTextAsync($"{total} calls");
        await Assertions.Expect(calls.Locator("[data-testid=calls-grid] a[href='/calls/recent-1']")).ToHaveCountAsync(1);
        await Assertions.Expect(calls.Locator("[data-testid=calls-grid] a[href='/calls/old-1']")).ToHaveCountAsync(oldLinks);

        var search = await Viewer.OpenAsync(browser, app.BaseUrl, "/search?q=oldword&period=all", errors);
        if (oldShown) await Assertions.Expect(search.GetByTestId("search-total")).ToContainTextAsync("3 calls");
        else await Assertions.Expect(search.GetByTestId("search-empty")).ToBeVisibleAsync();

        foreach (var page in new[] { overview, calls, search }) await page.Context.CloseAsync();
    }
}
