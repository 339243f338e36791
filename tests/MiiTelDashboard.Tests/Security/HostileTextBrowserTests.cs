using System.Text.Json.Nodes;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>
/// A call whose every free-text field is an attack — a script tag, an onerror attribute, a
/// javascript: URL — in the circuit name, the participants' names and company, a tag, a comment and
/// the transcript. Every page that shows it, the chart tooltips included, runs none of it and shows it
/// as the text it is.
/// </summary>
public sealed class HostileTextBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Img = "<img src=x onerror=\"window.__pwned=1\">";
    private const string Script = "<script>window.__pwned=2</script>";
    private const string Link = "javascript:window.__pwned=3";
    private const string Svg = "<svg onload=\"window.__pwned=4\"></svg>";

    [Fact]
    public async Task HostileNamesTagsCommentsAndTranscript_ExecuteNothing_AndShowAsText()
    {
        await using var app = new KestrelApp();
        const string id = "hostile-call";
        var body = Bodies.Call(id, d =>
        {
            d["circuit_number"] = "0509999";
            d["circuit_name"] = "Team " + Img;
            d["dial_starts_at"] = AppFactory.Now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
            var participants = d["participants"]!.AsArray();
            participants[0]!["name"] = "Op " + Script;
            participants[1]!["name"] = "Cust " + Svg;
            participants[1]!["company_name"] = Link;
            d["tags"] = new JsonArray(new JsonObject { ["created_by"] = Link, ["creator_type"] = "TENANT_USER", ["value"] = "tag " + Img });
            d["comments"] = new JsonArray(new JsonObject { ["created_by"] = "x", ["value"] = "comment " + Script + " " + Link, ["created_at"] = "2026-11-25T05:00:00+00:00" });
            d["speech_recognition"] = new JsonObject { ["raw"] = $"0:01 (Customer) hello {Img}\n0:05 (Operator) reply {Script} {Link}" };
            // The transcript the page shows: each speaker's recognised phrases.
            var first = d["phrases"]![0]!["raw"]![0]!.AsObject();
            first["phrase"] = "hello " + Img + " " + Link;
            first["phrase_nofiller"] = "hello " + Img;
        });
        using (var webhook = app.Factory.WebhookClient())
            (await webhook.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()))).EnsureSuccessStatusCode();

        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);
        var user = Uri.EscapeDataString("Op " + Script);
        foreach (var path in new[] { "/?period=all", "/calls?period=all", $"/calls/{id}", "/users?period=all", $"/users/{user}?period=all",
                     "/circuits?period=all", "/circuits/0509999?period=all", "/search?q=hello&period=all", "/integration" })
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            if (path != "/integration")
                await Assertions.Expect(page.Locator("body")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Team <img|Op <script|hello"), new() { Timeout = 20_000 });
            await HoverChartsAsync(page);

            Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator("img[src='x'], .mud-main-content script, svg[onload]").CountAsync());
            Assert.Equal(0, await page.Locator("a[href^='javascript:']").CountAsync());
        }

        // On the call's own page each field reads as the text it is.
        await page.GotoAsync($"/calls/{id}");
        var main = page.Locator("body");
        await Assertions.Expect(main).ToContainTextAsync("Team " + Img);
        await Assertions.Expect(main).ToContainTextAsync("tag " + Img);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("hostile-call-detail"), FullPage = true });
        await Assertions.Expect(page.GetByTestId("transcript")).ToContainTextAsync("hello " + Img);
        await Assertions.Expect(page.GetByTestId("transcript")).ToContainTextAsync("Cust " + Svg);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        // The console may say an image failed to load only if one was created; none may be.
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Moves the mouse over every chart so its tooltips are built from the data.</summary>
    private static async Task HoverChartsAsync(IPage page)
    {
        var charts = page.Locator(".apexcharts-canvas");
        var count = await charts.CountAsync();
        for (var i = 0; i < count; i++)
        {
            var box = await charts.Nth(i).BoundingBoxAsync();
            if (box is null) continue;
            await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
            await page.Mouse.MoveAsync(box.X + box.Width / 3, box.Y + box.Height / 2);
        }
    }
}
