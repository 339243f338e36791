using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

public sealed class CallsBrowserTests : IClassFixture<BrowserFixture>, IClassFixture<SeededApp>
{
    private readonly BrowserFixture browser;
    private readonly SeededApp seeded;

    public CallsBrowserTests(BrowserFixture browser, SeededApp seeded)
    {
        this.browser = browser;
        this.seeded = seeded;
        // A 2-core machine shared with other builds: give the first interactive render room.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// <summary>Calls of the default period (the last 30 days in Tokyo, the browser's zone).</summary>
    private static DateTime PeriodStartUtc()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(AppFactory.Now, Tokyo));
        return TimeZoneInfo.ConvertTimeToUtc(today.AddDays(-29).ToDateTime(TimeOnly.MinValue), Tokyo);
    }

    [Fact]
    public async Task CallsPage_ListsTheNewestCallsFirst_WithoutConsoleErrors()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var from = PeriodStartUtc();
        var expectedTotal = await seeded.QueryAsync(db => db.Details.CountAsync(d => d.StartedAt >= from));
        var newest = await seeded.QueryAsync(db => db.Details.OrderByDescending(d => d.StartedAt).ThenBy(d => d.Id).Select(d => d.Id).FirstAsync());

        await page.GotoAsync("/calls");
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync($"{expectedTotal.ToString("N0", CultureInfo.GetCultureInfo("ja-JP"))} calls");
        var firstLink = page.Locator("[data-testid=calls-grid] tbody tr").First.Locator("a[data-testid=call-link]");
        await Assertions.Expect(firstLink).ToHaveAttributeAsync("href", $"/calls/{newest}");
        Assert.Equal(50, await page.Locator("[data-testid=calls-grid] a[data-testid=call-link]").CountAsync());
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("calls"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task ChoosingAnOutcome_PutsItInTheUrl_AndShowsOnlyThoseCalls()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var from = PeriodStartUtc();
        var missed = await seeded.QueryAsync(db => db.Details.CountAsync(d => d.StartedAt >= from && d.Outcome == Outcomes.Missed));

        await page.GotoAsync("/calls");
        await page.GetByTestId("calls-total").WaitForAsync();
        await page.GetByTestId("outcome-filter").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText("Missed", new() { Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("outcome=missed"));
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync($"{missed} calls");
        var outcomes = await page.Locator("[data-testid=calls-grid] tbody tr .calls-outcome").AllInnerTextsAsync(); // the type sits under it below 1500 px
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.Equal("Missed", o.Trim()));

        // The URL alone reproduces the view.
        var again = await browser.NewPageAsync(seeded.BaseUrl, errors);
        await again.GotoAsync(page.Url);
        await Assertions.Expect(again.GetByTestId("calls-total")).ToHaveTextAsync($"{missed} calls");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task SortingByScore_IsKeptInTheUrl()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var from = PeriodStartUtc();
        var best = await seeded.QueryAsync(db => db.Details.Where(d => d.StartedAt >= from).OrderByDescending(d => d.Score).ThenByDescending(d => d.StartedAt).ThenBy(d => d.Id).Select(d => d.Id).FirstAsync());

        await page.GotoAsync("/calls?sort=score&desc=true");
        var firstLink = page.Locator("[data-testid=calls-grid] tbody tr").First.Locator("a[data-testid=call-link]");
        await Assertions.Expect(firstLink).ToHaveAttributeAsync("href", $"/calls/{best}");
        await page.Locator(".mud-table-pagination-actions button[aria-label='Next page']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^(?=.*page=2)(?=.*sort=score)"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task CsvExport_HasABom_AndExactlyTheFilteredRows()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var from = PeriodStartUtc();
        var expected = await seeded.QueryAsync(db => db.Details.Where(d => d.StartedAt >= from && d.Outcome == Outcomes.Connected && d.CircuitNumber == "0345670001")
            .Select(d => d.Id).ToListAsync());

        await page.GotoAsync("/calls?circuit=0345670001&outcome=connected");
        await Assertions.Expect(page.GetByTestId("calls-total")).ToHaveTextAsync($"{expected.Count} calls");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("started_at,detail_id,", lines[0]);
        var ids = lines.Skip(1).Select(l => l.Split(',')[1]).ToList();
        Assert.Equal(expected.Order(), ids.Order());
        Assert.Contains(lines.Skip(1), l => l.Contains("東京営業部"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task CallDetail_RendersTimelineTranscriptAndVoiceAnalysis()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var id = await seeded.QueryAsync(db => db.Details.Where(d => d.HasAnalysis && d.Keywords.Count > 0 && d.Comments.Count > 0 && d.Utterances.Count > 20)
            .OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
        var utterances = await seeded.QueryAsync(db => db.Utterances.CountAsync(u => u.DetailId == id && u.Kind == UtteranceKind.Raw));

        await page.GotoAsync($"/calls/{id}");
        await Assertions.Expect(page.Locator("[data-testid=timeline] .apex-chart")).ToHaveAttributeAsync("data-chart-state", "ready");
        await Assertions.Expect(page.Locator("[data-testid=timeline] .apexcharts-rangebar-area").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=transcript] .utt")).ToHaveCountAsync(utterances);
        await Assertions.Expect(page.Locator("[data-testid=transcript] .utt-op").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=transcript] .utt-cust").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("voice-analysis")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("score-breakdown")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("miitel-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^https://miraicall-demo\.miitel\.jp/app/calls/"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("call-detail"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task HashT_HighlightsTheUtteranceSpokenAtThatMoment()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var id = await seeded.QueryAsync(db => db.Details.Where(d => d.Utterances.Count > 20).OrderByDescending(d => d.Id).Select(d => d.Id).FirstAsync());
        var raw = await seeded.QueryAsync(db => db.Utterances.Where(u => u.DetailId == id && u.Kind == UtteranceKind.Raw).OrderBy(u => u.StartAt).ThenBy(u => u.Order)
            .Select(u => new { u.Id, u.StartAt }).ToListAsync());
        var target = raw[12];
        var t = (target.StartAt!.Value + raw[13].StartAt!.Value) / 2; // inside the 13th utterance, before the next starts

        await page.GotoAsync($"/calls/{id}#t={t.ToString("0.###", CultureInfo.InvariantCulture)}");
        await Assertions.Expect(page.Locator(".utt.utt-active")).ToHaveAttributeAsync("id", $"u-{target.Id}");
        await Assertions.Expect(page.Locator($"#u-{target.Id}")).ToBeInViewportAsync();

        // A keyword chip jumps to its moment the same way.
        var keyword = await seeded.QueryAsync(db => db.Set<CallKeyword>().Where(k => k.DetailId == id).OrderBy(k => k.StartsAt).FirstOrDefaultAsync());
        if (keyword?.StartsAt is { } at)
        {
            var expected = raw.Last(u => u.StartAt <= at || u == raw[0]);
            await page.Locator($"[data-keyword-at='{at.ToString(CultureInfo.InvariantCulture)}']").First.ClickAsync();
            await Assertions.Expect(page.Locator(".utt.utt-active")).ToHaveAttributeAsync("id", $"u-{expected.Id}");
        }
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("call-detail-jump") });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task FindInTranscript_MarksEveryHit()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var id = await seeded.QueryAsync(db => db.Details.Where(d => d.Utterances.Any(u => u.Text.Contains("資料"))).OrderBy(d => d.Id).Select(d => d.Id).FirstAsync());
        var texts = await seeded.QueryAsync(db => db.Utterances.Where(u => u.DetailId == id && u.Kind == UtteranceKind.Raw).Select(u => u.Text).ToListAsync());
        var hits = texts.Sum(x => MiiTelDashboard.Calls.TextHighlighter.Count(x, "資料"));

        await page.GotoAsync($"/calls/{id}");
        await page.Locator("input[data-testid=transcript-find], [data-testid=transcript-find] input").FillAsync("資料");
        await Assertions.Expect(page.Locator("mark.utt-hit")).ToHaveCountAsync(hits);
        await Assertions.Expect(page.GetByTestId("find-count")).ToHaveTextAsync(hits == 1 ? "1 match" : $"{hits} matches");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task IntegrationPage_ShowsTheEndpoint_MaskedToken_AndDeliveryCounts()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(seeded.BaseUrl, errors);
        var accepted = await seeded.QueryAsync(db => db.Deliveries.CountAsync(d => d.Result == DeliveryResults.Accepted));

        await page.GotoAsync("/integration");
        await Assertions.Expect(page.GetByTestId("webhook-url")).ToHaveTextAsync($"{seeded.BaseUrl}/webhooks/miitel");
        await Assertions.Expect(page.GetByTestId("webhook-token")).Not.ToContainTextAsync(AppFactory.WebhookToken);
        await Assertions.Expect(page.Locator("tr[data-period='7d'] td[data-result='accepted']")).ToHaveTextAsync(accepted.ToString("N0", CultureInfo.GetCultureInfo("ja-JP")));
        await page.GetByTestId("reveal-token").ClickAsync();
        await Assertions.Expect(page.GetByTestId("webhook-token")).ToHaveTextAsync(AppFactory.WebhookToken);
        await Assertions.Expect(page.GetByTestId("headers-json")).ToHaveTextAsync($"{{\"Authorization\":\"Bearer {AppFactory.WebhookToken}\"}}");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("integration"), FullPage = true });
        // Revealing the token is on the audit log, with who did it.
        await Wait.UntilAsync(() => seeded.QueryAsync(db => db.Audit.AnyAsync(a => a.Action == AuditActions.TokenRevealed && a.Actor == AppFactory.AdminEmail)),
            TimeSpan.FromSeconds(10), "the reveal is audited");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
