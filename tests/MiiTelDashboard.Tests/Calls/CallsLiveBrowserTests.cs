using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

/// <summary>Calls arriving while a page is open. Each test has its own app, since it posts calls.</summary>
public sealed class CallsLiveBrowserTests : IClassFixture<BrowserFixture>
{
    private const string Tokyo = "0345670001";
    private const string Osaka = "0667890002";
    private readonly BrowserFixture _browser;

    public CallsLiveBrowserTests(BrowserFixture browser)
    {
        _browser = browser;
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    private static async Task<KestrelApp> StartAsync()
    {
        var app = new KestrelApp();
        await SeededApp.PostAsync(app.Factory, new DemoCallGenerator(new DemoOptions { Calls = 40, Days = 10, Seed = 5, End = AppFactory.Now.AddHours(-1) }).Bodies());
        return app;
    }

    /// <summary>A connected call on <paramref name="circuit"/> that started <paramref name="minutesAgo"/> minutes before the app's clock start.</summary>
    private static JsonObject NewCall(string circuit, string id, string? tag = null, int minutesAgo = 1) => Bodies.Call(id, d =>
    {
        var start = AppFactory.Now.AddMinutes(-minutesAgo);
        d["dial_starts_at"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        d["dial_answered_at"] = start.AddSeconds(10).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        d["dial_ends_at"] = start.AddSeconds(55).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        d["circuit_number"] = circuit;
        d["circuit_name"] = circuit;
        if (tag is not null) d["tags"] = new JsonArray(new JsonObject { ["created_by"] = "Edgardo", ["creator_type"] = "TENANT_USER", ["value"] = tag });
    });

    private static async Task PostAsync(KestrelApp app, JsonObject body)
    {
        using var client = app.Factory.WebhookClient();
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task ANewCallOfTheFilteredCircuit_AppearsOnTop_AndOneOfAnotherCircuitDoesNot()
    {
        await using var app = await StartAsync();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        await page.GotoAsync($"/calls?circuit={Tokyo}");
        await page.GetByTestId("calls-total").WaitForAsync();
        await page.Locator("a[data-testid=call-link]").First.WaitForAsync();

        var first = Guid.NewGuid().ToString();
        // Start times are whole seconds: two calls posted within one second would tie on time, so
        // the first one is a minute older than the second.
        await PostAsync(app, NewCall(Tokyo, first, minutesAgo: 2));
        var firstRow = page.Locator("[data-testid=calls-grid] tbody tr").First;
        await Assertions.Expect(firstRow.Locator("a[data-testid=call-link]")).ToHaveAttributeAsync("href", $"/calls/{first}");
        await Assertions.Expect(firstRow).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("calls-row-new"));

        var other = Guid.NewGuid().ToString();
        await PostAsync(app, NewCall(Osaka, other));
        var second = Guid.NewGuid().ToString();
        await PostAsync(app, NewCall(Tokyo, second));
        // The later matching call arriving proves the feed delivered both; the other circuit's never shows.
        await Assertions.Expect(firstRow.Locator("a[data-testid=call-link]")).ToHaveAttributeAsync("href", $"/calls/{second}");
        Assert.Equal(0, await page.Locator($"a[href='/calls/{other}']").CountAsync());
        Assert.Equal(1, await page.Locator($"a[href='/calls/{first}']").CountAsync());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("calls-live") });
        // A lone call fades, and its highlight goes once it is a few seconds old.
        await Assertions.Expect(firstRow).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("calls-row-fade"));
        await Assertions.Expect(firstRow).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("calls-row-new"),
            new() { Timeout = (float)(RowHighlights.Duration + TimeSpan.FromSeconds(10)).TotalMilliseconds });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AwayFromTheFirstPage_NewCallsAreAnnounced_NotInserted()
    {
        await using var app = await StartAsync();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        await page.GotoAsync("/calls?sort=score&desc=true");
        await page.Locator("a[data-testid=call-link]").First.WaitForAsync();
        var before = await page.Locator("a[data-testid=call-link]").First.GetAttributeAsync("href");

        var id = Guid.NewGuid().ToString();
        await PostAsync(app, NewCall(Tokyo, id));
        await Assertions.Expect(page.GetByTestId("new-calls")).ToContainTextAsync("1 new call");
        Assert.Equal(before, await page.Locator("a[data-testid=call-link]").First.GetAttributeAsync("href"));

        await page.GetByTestId("show-new-calls").ClickAsync();
        // Polls the URL: Blazor changes it with pushState, which WaitForURL sometimes missed when
        // it had already happened (the page was on /calls, the wait still timed out).
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort="));
        await Assertions.Expect(page.Locator("a[data-testid=call-link]").First).ToHaveAttributeAsync("href", $"/calls/{id}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task CallDetail_RefreshesWhenALaterDeliveryChangesIt()
    {
        await using var app = await StartAsync();
        var errors = new List<string>();
        var page = await _browser.NewPageAsync(app.BaseUrl, errors);
        var id = Guid.NewGuid().ToString();
        await PostAsync(app, NewCall(Tokyo, id));

        await page.GotoAsync($"/calls/{id}");
        await Assertions.Expect(page.GetByTestId("call-tags")).ToContainTextAsync("Left Message");
        await PostAsync(app, NewCall(Tokyo, id, tag: "Follow-up booked"));

        await Assertions.Expect(page.GetByTestId("call-tags")).ToContainTextAsync("Follow-up booked");
        await Assertions.Expect(page.GetByTestId("call-updated")).ToBeVisibleAsync();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
