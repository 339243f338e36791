using HttpStatusCode = System.Net.HttpStatusCode;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Tests.Calls;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

/// <summary>The app with Japanese demo calls, a Viewer-free admin setup and one API key, shared by the language tests.</summary>
public sealed class JapaneseCallsApp : IAsyncLifetime
{
    public KestrelApp App { get; private set; } = null!;
    public string BaseUrl => App.BaseUrl;

    /// <summary>An app nobody set up yet, for the setup form (once an Admin exists, /setup is gone).</summary>
    public KestrelApp Fresh { get; private set; } = null!;

    /// <summary>Every Latin word the stored calls hold (names, login ids, tags, transcripts…): data, which no page translates.</summary>
    public HashSet<string> DataWords { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string DetailId { get; private set; } = "";
    public string User { get; private set; } = "";
    public string Circuit { get; private set; } = "";
    public string SearchWord { get; private set; } = "";

    /// <summary>A Viewer of one circuit: the not-allowed alert, and the empty states that send others to an Admin.</summary>
    public const string ViewerEmail = "viewer@tests.local";
    public string ViewerPassword { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = new KestrelApp();
        Fresh = new KestrelApp(f => f.With("Setup:AdminEmail", null).With("Setup:AdminPassword", null));
        await SeededApp.PostAsync(App.Factory, new DemoCallGenerator(new DemoOptions
        {
            Calls = 60, Days = 20, Seed = 15, JapaneseShare = 1.0, End = AppFactory.Now.AddMinutes(-30),
        }).Bodies());

        await using var db = await App.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        var details = await db.Details.AsNoTracking().ToListAsync();
        var analysed = details.Where(d => d.OperatorName is not null && d.Tlr is not null).OrderByDescending(d => d.StartedAt).First();
        DetailId = analysed.Id;
        User = analysed.OperatorName!;
        Circuit = analysed.CircuitNumber!;
        SearchWord = (await db.Keywords.AsNoTracking().Select(k => k.Value).FirstAsync(v => v != null && v.Length >= 3))!;

        IEnumerable<string?> data =
        [
            .. details.SelectMany(d => new[] { d.Id, d.CallId, d.CircuitName, d.CircuitNumber, d.OperatorName, d.OperatorLoginId, d.CounterpartName, d.CounterpartCompany, d.CounterpartNumber, d.TenantCode }),
            .. (await db.Participants.AsNoTracking().ToListAsync()).SelectMany(p => new[] { p.Name, p.CompanyName, p.LoginId }),
            .. (await db.Tags.AsNoTracking().ToListAsync()).SelectMany(t => new[] { t.Value, t.CreatedBy }),
            .. (await db.Comments.AsNoTracking().ToListAsync()).SelectMany(c => new[] { c.Value, c.CreatedBy }),
            .. await db.Keywords.AsNoTracking().Select(k => k.Value).ToListAsync(),
            .. await db.Utterances.AsNoTracking().Select(u => u.Text).ToListAsync(),
        ];
        foreach (var text in data.OfType<string>())
            foreach (Match m in LanguageBrowserTests.LatinWord().Matches(text)) DataWords.Add(m.Value);

        // A key, so the API keys page shows its table (its words) rather than its empty state.
        db.ApiKeys.Add(new ApiKey
        {
            Name = "顧客管理との連携", Prefix = "mtd_0123ab", Hash = new byte[32], Role = DashboardRoles.Viewer,
            ScopeCircuits = [Circuit], ScopeUsers = [], CreatedAt = AppFactory.Now, CreatedBy = AppFactory.AdminEmail,
        });
        await db.SaveChangesAsync();

        ViewerPassword = await App.Factory.CreateUserAsync(ViewerEmail, DashboardRoles.Viewer, circuits: [Circuit]);

        // A refused delivery (a body that is not JSON) and a refused attempt (no credentials): the Integration page's reasons.
        using (var webhook = App.Factory.WebhookClient())
            Assert.Equal(HttpStatusCode.BadRequest, (await webhook.PostAsync("/webhooks/miitel", SeededApp.Json("{not json"u8.ToArray()))).StatusCode);
        using (var stranger = App.Factory.CreateClient())
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsync("/webhooks/miitel", SeededApp.Json("{}"u8.ToArray()))).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Fresh.DisposeAsync();
    }
}

/// <summary>
/// Every page in Japanese for a ja-JP browser (no English left, no resource key on screen), the app
/// bar's switch, and screenshots of every page in both languages at 1440 and 1280 px.
/// </summary>
public sealed partial class LanguageBrowserTests(BrowserFixture browser, JapaneseCallsApp app) : IClassFixture<BrowserFixture>, IClassFixture<JapaneseCallsApp>
{
    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9_:]*[A-Za-z0-9]")]
    internal static partial Regex LatinWord();

    [GeneratedRegex(@"[\w.+\-]+@[\w\-]+(\.[\w\-]+)+|https?://\S+")]
    private static partial Regex EmailOrUrl();

    /// <summary>Names that stay as they are in Japanese: products, MiiTel's own menu names, formats and codes, the language's own name.</summary>
    private static readonly HashSet<string> ProperNouns = new(StringComparer.Ordinal)
    {
        "MiiTel", "Dashboard", "Admin", "Outgoing", "Webhook", "API", "CSV", "URL", "JSON", "HTTP", "HTTPS", "IVR", "OK", "Hz", "README",
        "English", "Basic", "ID", "IP", "KB", "MB",
    };

    /// <summary>A page, what shows it has loaded, who opens it, and what to do there first (open a dialog, create a secret…).</summary>
    private sealed record Target(string Name, string Path, string Ready, bool SignedIn = true, bool Viewer = false, Func<IPage, Task>? Then = null);

    private static int _created;

    /// <summary>A name no run used yet, with no Latin in it (the shown-once title repeats it).</summary>
    private static string NewName() => $"連携テスト{Interlocked.Increment(ref _created)}";

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>A Viewer (the dialogs' default role) needs a circuit to see anything: the seeded one.</summary>
    private async Task ScopeAsync(IPage page)
    {
        await Input(page, "scope-circuits-typed").FillAsync(app.Circuit);
        await Input(page, "scope-circuits-typed").PressAsync("Enter");
        await ShownAsync(page, "[data-testid=scope-circuits-chosen] .mud-chip");
    }

    private static Task ShownAsync(IPage page, string selector) =>
        page.Locator(selector).First.WaitForAsync(new() { State = WaitForSelectorState.Visible });

    private IReadOnlyList<Target> Targets =>
    [
        new("overview", "/", "[data-testid=latest-table]"),
        new("calls", "/calls", "[data-testid=call-link]"),
        new("call-detail", $"/calls/{Uri.EscapeDataString(app.DetailId)}", "[data-testid=timeline] .apex-chart[data-chart-state=ready]"),
        new("users", "/users", "[data-testid=ranking-row]"),
        new("user", $"/users/{Uri.EscapeDataString(app.User)}", "[data-testid=latest-table]"),
        new("circuits", "/circuits", "[data-testid=ranking-row]"),
        new("circuit", $"/circuits/{Uri.EscapeDataString(app.Circuit)}", "[data-testid=latest-table]"),
        new("search", $"/search?q={Uri.EscapeDataString(app.SearchWord)}&period=all", "[data-testid=search-result]"),
        new("search-notice", $"/search?q={Uri.EscapeDataString("-料金")}&period=all", "[data-testid=search-notice]"),
        new("integration", "/integration", "[data-testid=deliveries] table"),
        new("accounts", "/admin/users", "[data-testid=user-row]"),
        new("api-keys", "/admin/keys", "[data-testid=key-row]"),
        new("audit", "/admin/audit", "[data-testid=audit-row]"),
        new("delete", $"/calls/{Uri.EscapeDataString(app.DetailId)}/delete", "[data-testid=delete-confirm]"),
        new("change-password", "/account/password", "form input#current"),
        new("sign-in", "/account/login", "[data-testid=login-form]", SignedIn: false),
        new("setup", $"{app.Fresh.BaseUrl}/setup", "[data-testid=setup-form]", SignedIn: false),
        new("denied", "/account/denied", "[data-testid=denied]", SignedIn: false),
        new("not-found", "/not-found", "h3"),
        new("unknown-url", "/no-such-page", "h3"),
        new("error", "/Error", "[data-testid=error]"),
        new("create-account", "/admin/users", "[data-testid=user-row]", Then: async p =>
        {
            await p.GetByTestId("new-user").ClickAsync();
            await ShownAsync(p, "[data-testid=create-user-dialog]");
        }),
        new("account-secret", "/admin/users", "[data-testid=user-row]", Then: async p =>
        {
            await p.GetByTestId("new-user").ClickAsync();
            await Input(p, "new-email").FillAsync($"new{Interlocked.Increment(ref _created)}@tests.local");
            await ScopeAsync(p);
            await p.GetByTestId("create-user").ClickAsync();
            await ShownAsync(p, "[data-testid=shown-once]");
        }),
        new("reset-confirm", "/admin/users", "[data-testid=user-row]", Then: async p =>
        {
            await p.Locator($"[data-testid=user-row][data-email='{JapaneseCallsApp.ViewerEmail}'] [data-testid=reset-password]").ClickAsync();
            await ShownAsync(p, ".mud-dialog");
        }),
        new("new-api-key", "/admin/keys", "[data-testid=key-row]", Then: async p =>
        {
            await p.GetByTestId("new-key").ClickAsync();
            await ShownAsync(p, "[data-testid=create-key-dialog]");
        }),
        new("api-key-secret", "/admin/keys", "[data-testid=key-row]", Then: async p =>
        {
            await p.GetByTestId("new-key").ClickAsync();
            await Input(p, "key-name").FillAsync(NewName());
            await ScopeAsync(p);
            await p.GetByTestId("create-key").ClickAsync();
            await ShownAsync(p, "[data-testid=shown-once]");
        }),
        new("revoke-confirm", "/admin/keys", "[data-testid=key-row]", Then: async p =>
        {
            await p.GetByTestId("revoke-key").First.ClickAsync();
            await ShownAsync(p, ".mud-dialog");
        }),
        new("date-picker", "/", "[data-testid=latest-table]", Then: async p =>
        {
            await p.GetByTestId("period-button").ClickAsync();
            await p.GetByTestId("period-custom").ClickAsync();
            await ShownAsync(p, ".mud-picker-calendar-content");
        }),
        new("calls-empty", "/calls?from=2020-01-01&to=2020-01-31", "[data-testid=how-to-connect]"),
        new("calls-empty-viewer", "/calls?from=2020-01-01&to=2020-01-31", "[data-testid=ask-an-admin]", Viewer: true),
        new("calls-no-match", $"/calls?user={Uri.EscapeDataString("存在しない担当者")}", "[data-testid=empty-state]"),
        new("call-not-found", "/calls/00000000-0000-0000-0000-000000000000", "[data-testid=empty-state]"),
        new("search-help", "/search", "form[role=search]"),
        new("search-empty", $"/search?q={Uri.EscapeDataString("存在しない言葉")}&period=all", "[data-testid=search-empty]"),
        new("integration-refused", "/integration", "[data-testid=delivery-answer]"),
        new("not-allowed", "/", "[data-testid=latest-table]", Viewer: true, Then: async p =>
        {
            // Within the circuit, as a link would go: a page load would be turned away at /account/denied instead.
            await p.EvaluateAsync("Blazor.navigateTo('/admin/users')");
            await ShownAsync(p, "[data-testid=not-authorized]");
        }),
    ];

    [Fact]
    public async Task EveryPage_ForAJapaneseBrowser_IsJapanese_WithNoEnglishLeftOrKeyNames()
    {
        var keys = KeyNames();
        var errors = new List<string>();
        var leftovers = new List<string>();
        foreach (var width in new[] { 1440, 1280 })
        {
            var signedIn = await browser.NewPageAsync(app.BaseUrl, errors, language: null, width: width);
            var anonymous = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (null, null), language: null, width: width);
            var viewer = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (JapaneseCallsApp.ViewerEmail, app.ViewerPassword), language: null, width: width);
            foreach (var target in Targets)
            {
                var page = target.Viewer ? viewer : target.SignedIn ? signedIn : anonymous;
                await OpenAsync(page, target);
                Assert.Equal("ja", await page.EvaluateAsync<string>("document.documentElement.lang"));
                foreach (var text in await VisibleTextAsync(page))
                {
                    var cleaned = EmailOrUrl().Replace(text, " ");
                    leftovers.AddRange(keys.Where(k => cleaned.Contains(k, StringComparison.Ordinal)).Select(k => $"{target.Name}: key {k} in “{text}”"));
                    leftovers.AddRange(LatinWord().Matches(cleaned).Select(m => m.Value)
                        .Where(w => !ProperNouns.Contains(w) && !app.DataWords.Contains(w) && !w.Contains(':') && !w.Contains('_') && !w.Any(char.IsDigit))
                        .Select(w => $"{target.Name}: “{w}” in “{text}”"));
                }
                await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot($"l10n-ja-{width}-{target.Name}"), FullPage = true });
            }
            await signedIn.Context.CloseAsync();
            await anonymous.Context.CloseAsync();
            await viewer.Context.CloseAsync();
        }

        Assert.True(leftovers.Count == 0, "Not in the page's language:\n" + string.Join("\n", leftovers.Distinct()));
        var unexpected = errors.Where(Unexpected).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Fact]
    public async Task EveryPage_InEnglish_ShowsNoKeyName_AndIsPhotographed()
    {
        var keys = KeyNames();
        var errors = new List<string>();
        var leftovers = new List<string>();
        foreach (var width in new[] { 1440, 1280 })
        {
            var signedIn = await browser.NewPageAsync(app.BaseUrl, errors, width: width);
            var anonymous = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (null, null), width: width);
            await anonymous.Context.AddCookiesAsync([new Cookie { Name = BrowserFixture.CultureCookie, Value = Uri.EscapeDataString("c=en|uic=en"), Url = app.Fresh.BaseUrl }]);
            var viewer = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (JapaneseCallsApp.ViewerEmail, app.ViewerPassword), width: width);
            foreach (var target in Targets)
            {
                var page = target.Viewer ? viewer : target.SignedIn ? signedIn : anonymous;
                await OpenAsync(page, target);
                Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
                foreach (var text in await VisibleTextAsync(page))
                    leftovers.AddRange(keys.Where(k => text.Contains(k, StringComparison.Ordinal)).Select(k => $"{target.Name}: key {k} in “{text}”"));
                await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot($"l10n-en-{width}-{target.Name}"), FullPage = true });
            }
            await signedIn.Context.CloseAsync();
            await anonymous.Context.CloseAsync();
            await viewer.Context.CloseAsync();
        }

        Assert.True(leftovers.Count == 0, "Not in the page's language:\n" + string.Join("\n", leftovers.Distinct()));
        var unexpected = errors.Where(Unexpected).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Fact]
    public async Task AppBarSwitch_ChangesTheLanguage_KeepsItInTheCookie_AndOnTheUser()
    {
        var email = "bilingual@tests.local";
        var password = await app.App.Factory.CreateUserAsync(email, DashboardRoles.Manager);
        var errors = new List<string>();
        // A Japanese browser with no choice yet: Accept-Language decides.
        var page = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (email, password), language: null);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("kpi-calls")).ToContainTextAsync("通話数");

        await page.GetByTestId("language-button").ClickAsync();
        await page.GetByTestId("language-en").ClickAsync();

        // The reload started a circuit in English: its own renders (KPI cards, the period line) are English.
        await page.WaitForURLAsync(new Regex("/$"));
        await Assertions.Expect(page.GetByTestId("kpi-calls")).ToContainTextAsync("Calls");
        await Assertions.Expect(page.GetByTestId("page-period")).ToContainTextAsync("days, compared with");
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == BrowserFixture.CultureCookie);
        Assert.Equal("c=en|uic=en", Uri.UnescapeDataString(cookie.Value));
        Assert.Equal("en", await StoredLanguageAsync(email));

        // Signed out, cookies gone, signed in again: still English although the browser asks for Japanese.
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(new Regex("/account/login"));
        // Nothing of the signed-out page still in flight: a late answer could set its own cookies after the clear.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Context.ClearCookiesAsync();
        await SignIn.BrowserAsync(page.Context, email, password);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("kpi-calls")).ToContainTextAsync("Calls");

        // And back to Japanese, the other way round.
        await page.GetByTestId("language-button").ClickAsync();
        await page.GetByTestId("language-ja").ClickAsync();
        await Assertions.Expect(page.GetByTestId("kpi-calls")).ToContainTextAsync("通話数");
        await Assertions.Expect(page.GetByTestId("page-period")).ToContainTextAsync("年");
        Assert.Equal("ja", await StoredLanguageAsync(email));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task TheCallPage_KeepsTheBenchmarkOnOneLine_TheHeatmapLabelsEveryOtherHourAt1280_AndButtonsAsWritten()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors, language: null, width: 1280);
        await page.GotoAsync("/");
        var labels = page.Locator("[data-testid=chart-heatmap] .apexcharts-xaxis-label tspan");
        await labels.First.WaitForAsync();
        var shown = (await labels.AllTextContentsAsync()).Select(t => t.Trim()).Where(t => t.Length > 0).ToArray();
        Assert.Equal(Enumerable.Range(0, 12).Select(h => (h * 2).ToString(System.Globalization.CultureInfo.InvariantCulture)), shown);

        await page.GotoAsync($"/calls/{Uri.EscapeDataString(app.DetailId)}");
        var benchmark = page.GetByTestId("talk-benchmark");
        await benchmark.WaitForAsync();
        // One line box: a wrapped "40%–43%" would be two.
        Assert.Equal(1, await benchmark.EvaluateAsync<int>("e => e.getClientRects().length"));
        Assert.Equal("none", await page.GetByTestId("miitel-link").EvaluateAsync<string>("e => getComputedStyle(e).textTransform"));
        await Assertions.Expect(page.GetByTestId("miitel-link")).ToContainTextAsync("MiiTelで開く");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private sealed class TableWidth
    {
        public int Table { get; set; }
        public int Container { get; set; }
        public string[] Columns { get; set; } = [];
    }

    [Fact]
    public async Task CallsCircuitsAndDeliveryTables_FitTheirContainer_At1440And1280_InBothLanguages()
    {
        var errors = new List<string>();
        var tooWide = new List<string>();
        foreach (var language in new[] { "ja", "en" })
            foreach (var width in new[] { 1440, 1280 })
            {
                var page = await browser.NewPageAsync(app.BaseUrl, errors, language: language, width: width);
                foreach (var (path, table) in new[] { ("/calls", "[data-testid=calls-grid] table"), ("/circuits", "[data-testid=ranking] table"), ("/integration", "[data-testid=deliveries] table") })
                {
                    await page.GotoAsync(path);
                    await page.Locator(table + " tbody tr").First.WaitForAsync();
                    // The table against the box it sits in: wider means a sideways scroll or a clipped last column.
                    var size = await page.Locator(table).EvaluateAsync<TableWidth>("""
                        t => ({
                            table: Math.max(t.scrollWidth, t.getBoundingClientRect().width) | 0,
                            container: t.parentElement.clientWidth,
                            columns: [...t.querySelectorAll('thead th')].filter(h => h.offsetParent).map(h => `${h.textContent.trim()}=${h.getBoundingClientRect().width | 0}`),
                        })
                        """);
                    if (size.Table > size.Container)
                        tooWide.Add($"{language} {width} {path}: table {size.Table} px in {size.Container} px ({string.Join(", ", size.Columns)})");
                }
                await page.Context.CloseAsync();
            }

        Assert.True(tooWide.Count == 0, "Wider than their container:\n" + string.Join("\n", tooWide));
        Assert.Empty(errors);
    }

    // The not-allowed page answers 403 and an unknown address 404 by design, which the browser reports as failed loads.
    private bool Unexpected(string error) =>
        !error.Contains("403 (Forbidden) (" + app.BaseUrl + "/account/denied", StringComparison.Ordinal)
        && !error.Contains("404 (Not Found) (" + app.BaseUrl + "/no-such-page", StringComparison.Ordinal);

    private static string[] KeyNames([CallerFilePath] string thisFile = "") =>
        [.. XDocument.Load(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../../src/Components/Localization/Text.resx")))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!)];

    private async Task<string?> StoredLanguageAsync(string email)
    {
        using var scope = app.App.Factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByEmailAsync(email);
        return (await users.GetClaimsAsync(user!)).SingleOrDefault(c => c.Type == Languages.ClaimType)?.Value;
    }

    private static async Task OpenAsync(IPage page, Target target)
    {
        await page.GotoAsync(target.Path);
        await page.Locator(target.Ready).First.WaitForAsync(new() { State = WaitForSelectorState.Visible });
        // Loaded: no skeleton left, and every chart drawn.
        await Wait.UntilAsync(() => page.EvaluateAsync<bool>("""
            () => document.querySelectorAll('.mud-skeleton').length === 0
               && [...document.querySelectorAll('.apex-chart')].every(c => c.dataset.chartState === 'ready')
            """), TimeSpan.FromSeconds(30), $"{target.Name} finished loading");
        if (target.Then is null) return;
        await target.Then(page);
        // A dialog has finished sliding in (spinners and skeleton waves run for ever, and do not count).
        await Wait.UntilAsync(() => page.EvaluateAsync<bool>("""
            () => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)
            """), TimeSpan.FromSeconds(10), $"{target.Name}'s dialog finished opening");
    }

    /// <summary>Visible text nodes, placeholders, titles and labels; code samples and what is marked translate="no" (recorded data) excepted.</summary>
    private static Task<string[]> VisibleTextAsync(IPage page) => page.EvaluateAsync<string[]>("""
        () => {
            const skipped = el => el.closest('code, [translate="no"], script, style, noscript, template');
            const seen = el => !el.checkVisibility || el.checkVisibility({ visibilityProperty: true });
            const out = [document.title];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                const text = n.textContent.trim();
                if (text && el && !skipped(el) && seen(el)) out.push(text);
            }
            for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
                if (skipped(el) || !seen(el)) continue;
                for (const a of ['placeholder', 'title', 'aria-label']) { const v = el.getAttribute(a); if (v) out.push(v); }
            }
            return out;
        }
        """);
}
