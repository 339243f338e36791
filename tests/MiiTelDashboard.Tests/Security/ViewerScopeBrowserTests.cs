using System.Collections.Concurrent;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>
/// In Chromium, a Viewer of circuit A: every page shows A's calls and none of B's, a live call of B
/// never reaches an open page while one of A does, and the webhook token never crosses the
/// circuit's WebSocket or any page's HTML.
/// </summary>
public sealed class ViewerScopeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AViewerOfCircuitA_SeesOnlyA_OnEveryPage_AndLive_AndNeverTheToken()
    {
        await using var scope = new ScopeFixture();
        await scope.InitializeAsync();
        var errors = new List<string>();
        var page = await browser.NewPageAsync(scope.App.BaseUrl, errors, signInAs: (ScopeFixture.ViewerEmail, scope.ViewerPassword));
        var frames = new ConcurrentQueue<string>();
        page.WebSocket += (_, ws) =>
        {
            ws.FrameReceived += (_, f) => frames.Enqueue(f.Text ?? Convert.ToBase64String(f.Binary ?? []));
            ws.FrameSent += (_, f) => frames.Enqueue(f.Text ?? Convert.ToBase64String(f.Binary ?? []));
        };
        var html = new List<string>();

        await page.GotoAsync("/calls?period=all");
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync("1 call");
        var grid = page.Locator("[data-testid=calls-grid] tbody");
        await Assertions.Expect(grid).ToContainTextAsync("Aiko");
        await Assertions.Expect(grid).Not.ToContainTextAsync("Bunta");
        html.Add(await page.ContentAsync());

        // Live: B's call never arrives, A's does (posted after B's, so B's had its chance).
        await SeedCall.PostAsync(scope.App.Factory,
            new SeedCall(AppFactory.Now.AddMinutes(-3)) { Circuit = ScopeFixture.CircuitB, CircuitName = "Team B", User = "Bunta-live" },
            new SeedCall(AppFactory.Now.AddMinutes(-2)) { Circuit = ScopeFixture.CircuitA, CircuitName = "Team A", User = "Aiko-live" });
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync("2 calls", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Bunta");

        // A call of B by its URL: not found, as if it did not exist.
        await page.GotoAsync("/calls/" + Uri.EscapeDataString(await scope.IdOfAsync(ScopeFixture.CircuitB)));
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("not found", new() { IgnoreCase = true });
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Bunta");

        foreach (var path in new[] { "/?period=all", "/users?period=all", "/circuits?period=all", "/search?q=Midtown&period=all" })
        {
            await page.GotoAsync(path);
            // Each page names A's call by what it shows: its user (overview, users, search) or its circuit (circuits).
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Aiko|Team A"), new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Bunta");
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Team B");
            html.Add(await page.ContentAsync());
        }
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("viewer-search-scoped"), FullPage = true });

        // The circuit filter offers only A.
        await page.GotoAsync("/calls?period=all");
        // The count is drawn once the page is interactive (data loads after the first render); a click on
        // the prerendered app bar before that opens nothing.
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync("2 calls", new() { Timeout = 20_000 });
        await page.GetByTestId("circuit-filter").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Team A (0501111)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Option, new() { Name = "Team B (0502222)" })).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Escape");

        // The Integration page (the token's page) is refused, in the circuit too.
        await page.GotoAsync("/integration");
        await Assertions.Expect(page.GetByTestId("denied")).ToBeVisibleAsync();
        html.Add(await page.ContentAsync());

        Assert.All(html, h => Assert.DoesNotContain(AppFactory.WebhookToken, h));
        Assert.NotEmpty(frames);
        Assert.DoesNotContain(frames, f => f.Contains(AppFactory.WebhookToken, StringComparison.Ordinal) || f.Contains("Bunta", StringComparison.Ordinal));
        // The refusal itself is a 403 response, which Chromium reports as a failed load; anything else is an error.
        var unexpected = errors.Where(e => !e.Contains("/account/denied", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }
}
