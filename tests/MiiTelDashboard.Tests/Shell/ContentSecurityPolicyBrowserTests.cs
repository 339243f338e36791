using Microsoft.Playwright;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

/// <summary>The Content-Security-Policy as Chromium enforces it on the real app.</summary>
public sealed class ContentSecurityPolicyBrowserTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public ContentSecurityPolicyBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    [Fact]
    public async Task TheOverview_UnderItsPolicy_DrawsEveryChartAsSvg_ShowsATooltip_AndNothingIsRefused()
    {
        await using var app = new KestrelApp();
        await SeedCall.PostAsync(app.Factory, OverviewBrowserTests.RecentCalls());
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);

        var response = await page.GotoAsync("/");
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("script-src 'self' 'nonce-", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);

        // Blazor's circuit (a WebSocket), MudBlazor's inline styles, the chart module, the apexcharts
        // file it loads and apexcharts' own inline styles all had to pass for these to be drawn.
        await Assertions.Expect(page.GetByTestId("kpi-calls").GetByTestId("kpi-value")).ToHaveTextAsync("21");
        var charts = page.Locator(".apex-chart");
        await Assertions.Expect(page.Locator(".apex-chart[data-chart-state=ready]")).ToHaveCountAsync(await charts.CountAsync());
        Assert.True(await charts.CountAsync() >= 6, "the overview has its six charts");
        foreach (var chart in await charts.AllAsync())
            await Assertions.Expect(chart.Locator("svg.apexcharts-svg")).ToBeVisibleAsync();

        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview-csp"), FullPage = true });

        // A tooltip is written with innerHTML and styled inline: hovering one is part of the page's life.
        var heatmap = page.GetByTestId("chart-heatmap");
        await heatmap.Locator(".apexcharts-heatmap-rect[i='2'][j='10']").HoverAsync();
        await Assertions.Expect(heatmap.Locator(".apexcharts-tooltip.apexcharts-active")).ToBeVisibleAsync();
        await heatmap.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("overview-csp-tooltip") });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task TheSignInForm_UnderItsPolicy_SignsIn_AndNothingIsRefused()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors, signInAs: (null, null));

        var response = await page.GotoAsync("/calls");
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.NotNull(await response!.HeaderValueAsync("content-security-policy"));
        await page.Locator("#email").FillAsync(AppFactory.AdminEmail);
        await page.Locator("#password").FillAsync(AppFactory.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // form-action 'self' lets the form post and the redirect back to the page asked for follow.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/calls$"));
        // The count is loaded once the page is interactive: the circuit's WebSocket was allowed too.
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync("0 calls");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AnInjectedScriptOrEventHandler_IsRefused_AndTheTestsHearOfIt()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        await page.GotoAsync("/");

        // What an HTML injection would add: an inline script and an inline event handler.
        var ran = await page.EvaluateAsync<bool>("""
            async () => {
                const script = document.createElement('script');
                script.textContent = 'window.__injected = true';
                document.body.append(script);
                const holder = document.createElement('div');
                holder.innerHTML = '<img src="data:," onerror="window.__injected = true">';
                // Registered after the inline handler, so it runs after it would have.
                const failed = new Promise(r => holder.firstChild.addEventListener('error', r, { once: true }));
                document.body.append(holder);
                await failed;
                return window.__injected === true;
            }
            """);

        Assert.False(ran);
        // Chromium's console message and the page's violation event, for the script and for the handler.
        await Wait.UntilAsync(() => errors.Count(e => e.Contains("Content Security Policy", StringComparison.Ordinal)) >= 2
                && errors.Count(e => e.StartsWith("CSP violation: script-src", StringComparison.Ordinal)) >= 2,
            because: "the violations reach the test's error list: " + string.Join("\n", errors));
    }
}
