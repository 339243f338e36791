using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

public sealed class SearchBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>The first result needs the circuit, the browser's zone and the query: generous on a busy machine.</summary>
    private const float FirstLoadMs = 20_000;

    [Fact]
    public async Task AppBarSearch_ShowsHighlightedSnippets_AndASnippetOpensTheMomentInTheCall()
    {
        await using var app = new KestrelApp();
        var circuit = SearchData.NewCircuit();
        var id = await app.Factory.PostAsync(SearchData.Call(circuit,
        [
            new(true, "お電話ありがとうございます", 1),
            new(false, "<script>window.__xss = 1</script> 先日の見積書について確認させてください", 12.5),
            new(true, "見積書は本日中に再送いたします", 20),
        ]));
        await app.Factory.PostAsync(SearchData.Call(circuit, [new(false, "別の話題です", 3)]));
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        // The overview's figures render only once the circuit is interactive; typing before that
        // would be wiped by the interactive re-render of the prerendered box.
        await page.GetByTestId("kpi-calls").Or(page.GetByTestId("connect-miitel")).First.WaitForAsync(new() { Timeout = FirstLoadMs });
        var box = page.GetByPlaceholder("Search transcripts…");
        await box.FillAsync("見積書");
        await box.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=%E8%A6%8B%E7%A9%8D%E6%9B%B8$"), new() { Timeout = FirstLoadMs });
        var result = page.Locator("[data-testid=search-result]");
        await Assertions.Expect(result).ToHaveCountAsync(1, new() { Timeout = FirstLoadMs });
        await Assertions.Expect(result.Locator("mark.search-hit").First).ToHaveTextAsync("見積書");
        await Assertions.Expect(result.GetByText("<script>window.__xss = 1</script>", new() { Exact = false })).ToBeVisibleAsync();
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
        await Assertions.Expect(result.GetByText("Customer")).ToBeVisibleAsync();
        await Assertions.Expect(result.GetByText("Operator")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("search-results"), FullPage = true });

        await result.Locator("[data-testid=search-snippet]").First.ClickAsync();

        // The call detail page (branch dash-calls) scrolls to and highlights this moment.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape($"/calls/{id}#t=12.5") + "$"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task SearchPage_ShowsEmptyState_SideToggleInTheUrl_AndNoticeForHugeInput()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("存在しない話題 NEAR(\"x\" *"));
        await Assertions.Expect(page.Locator("[data-testid=search-empty]")).ToBeVisibleAsync(new() { Timeout = FirstLoadMs });
        await Assertions.Expect(page.Locator("[data-testid=search-empty]")).ToContainTextAsync("No calls match");

        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Customer" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("side=customer"));
        await Assertions.Expect(page.Locator("[data-testid=search-empty]")).ToContainTextAsync("said by the customer");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("search-empty"), FullPage = true });

        await page.GotoAsync("/search?q=" + new string('a', 3_000));
        await Assertions.Expect(page.Locator("[data-testid=search-notice]")).ToContainTextAsync("at most", new() { Timeout = FirstLoadMs });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task AHugePageInTheUrl_ShowsTheLastPageTheCapAllows_NotEveryMatch()
    {
        await using var app = new KestrelApp(f => f.With("Search:MaxResults", "40"));
        await PostRenewalsAsync(app, 42);
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/search?q=renewal&page=100000000");

        await Assertions.Expect(page.Locator("[data-testid=search-result]")).ToHaveCountAsync(20, new() { Timeout = FirstLoadMs });
        await Assertions.Expect(page.GetByTestId("search-total")).ToContainTextAsync("42 calls");
        await Assertions.Expect(page.GetByTestId("search-total")).ToContainTextAsync("the best 40 can be paged through");
        // Two pages of 20 and no third, with the second one selected.
        await Assertions.Expect(page.Locator(".mud-pagination-item-selected")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator(".mud-pagination-item button", new() { HasText = "3" })).ToHaveCountAsync(0);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task MoreMatchesThanTheRankLimit_ShowTheTotalAsMoreThan_WithANoticeThatSaysWhy()
    {
        await using var app = new KestrelApp(f => f.With("Search:RankNewestMatches", "3"));
        await PostRenewalsAsync(app, 5);
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/search?q=renewal");

        await Assertions.Expect(page.Locator("[data-testid=search-result]")).ToHaveCountAsync(3, new() { Timeout = FirstLoadMs });
        await Assertions.Expect(page.GetByTestId("search-total")).ToHaveTextAsync("More than 3 calls, most relevant first");
        await Assertions.Expect(page.GetByTestId("search-rank-limited")).ToContainTextAsync("the newest 3 of them are ranked");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("search-rank-limited"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary><paramref name="count"/> calls on one new circuit that each say "renewal" once.</summary>
    private static async Task PostRenewalsAsync(KestrelApp app, int count)
    {
        var circuit = SearchData.NewCircuit();
        for (var i = 0; i < count; i++)
            await app.Factory.PostAsync(SearchData.Call(circuit, [new(false, $"About the renewal, part {i}", i)]));
    }
}
