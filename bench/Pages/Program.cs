// Time to a drawn page and the app's memory per live page, on the published app and an existing
// (large) SQLite database, in Debian's Chromium:
//   dotnet run -c Release --project bench/OverviewBench -- 1000000        # once: /tmp/miitel-bench-1000000.db
//   dotnet run -c Release --project bench/Pages -- --db /tmp/miitel-bench-1000000.db [--warm 5] [--open 20] [--webhooks 5] [--env NAME=VALUE]
// 1. For the overview, users, circuits and calls pages: the first visit after a fresh app start (one
//    start per page, so each page's first visit is its own), then --warm more visits (median), each a
//    new page (a new circuit) in a signed-in browser: where the time goes from navigation to a drawn page.
// 2. The app's RSS after start and warm-up, with --open overview pages open (live circuits), and after
//    --webhooks deliveries reached them; the per-circuit difference, against the goal of RSS ≤ 300 MB.
// The app migrates the database at start and writes to it (the bench's Admin, sign-ins, the webhooks'
// calls on circuit BENCH-PAGES); --timeout N (seconds, default 180) bounds each wait; --timing-only,
// --memory-only and --only overview,users,circuits,calls narrow the run down.
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using MiiTelDashboard.Bench;

var db = Arg("--db") ?? throw new ArgumentException("--db PATH: an existing SQLite database (e.g. /tmp/miitel-bench-1000000.db from bench/OverviewBench).");
if (!File.Exists(db)) throw new FileNotFoundException($"No database at {db}.", db);
var warm = int.Parse(Arg("--warm") ?? "5", CultureInfo.InvariantCulture);
var openPages = int.Parse(Arg("--open") ?? "20", CultureInfo.InvariantCulture);
var webhooks = int.Parse(Arg("--webhooks") ?? "5", CultureInfo.InvariantCulture);
var timeout = float.Parse(Arg("--timeout") ?? "180", CultureInfo.InvariantCulture) * 1000;
var skipTiming = args.Contains("--memory-only");
var skipMemory = args.Contains("--timing-only");
const double GoalRssMb = 300;
// --env NAME=VALUE (repeatable): set in the app's environment, e.g. a runtime knob (DOTNET_TieredPGO=0) to measure.
var appEnvironment = args.Select((a, i) => (a, i)).Where(x => x.a == "--env" && x.i + 1 < args.Length)
    .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");

(string Name, string Path)[] pages = [("overview", "/"), ("users", "/users"), ("circuits", "/circuits"), ("calls", "/calls")];
// --only calls,users: time those pages only (the memory part still warms on all of them).
var only = Arg("--only")?.Split(',');
var timed = pages.Where(p => only is null || only.Contains(p.Name)).ToArray();
var marks = new StreamReader(typeof(Visit).Assembly.GetManifestResourceStream("marks.js")!).ReadToEnd();

var appDir = BenchApp.BuildApp();
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

Console.WriteLine($"Database: {db} ({new FileInfo(db).Length / 1e6:N0} MB); {Environment.ProcessorCount} cores, app and Chromium ({browser.Version}, headless, 1440×900, Asia/Tokyo, English) on the same machine; load average at start {LoadAverage()}.");
Console.WriteLine();

if (!skipTiming)
{
    var table = new List<string>();
    foreach (var (name, path) in timed)
    {
        // A fresh app per page: its first visit is the first after start (JIT, EF query compilation, cold caches in the app; the OS page cache stays warm).
        await using var app = await BenchApp.StartAsync(appDir, appEnvironment, database: db);
        await using var context = await SignedInContextAsync(app.BaseUrl);
        var first = await VisitAsync(context, app.BaseUrl + path, name);
        var warmed = new List<Visit>();
        for (var i = 0; i < warm; i++) warmed.Add(await VisitAsync(context, app.BaseUrl + path, name));
        table.Add(Row(name, "first visit after app start", first));
        if (warmed.Count > 0)
        {
            table.Add(Row(name, $"warm, median of {warmed.Count}", Median(warmed)));
            table.Add($"| | warm, each run: data shown ms | {string.Join(" / ", warmed.Select(v => Ms(v.Data)))} | | | | | | |");
        }
        Console.Error.WriteLine($"  {name}: done ({LoadAverage()})");
    }
    Console.WriteLine("Milliseconds from navigation start (performance.now() in the page; the server's time is inside every stage):");
    Console.WriteLine();
    Console.WriteLine("| page | visit | first byte | DOMContentLoaded | circuit connected (WebSocket open) | interactive (server's first call) | data shown | first chart drawn | all charts drawn (n) |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    foreach (var line in table) Console.WriteLine(line);
    Console.WriteLine();
    Console.WriteLine("data shown: the KPI cards' values (overview), the first ranking row (users, circuits), the count and first row (calls). Charts: .apex-chart[data-chart-state=ready].");
    Console.WriteLine();
}

if (!skipMemory)
{
    await using var app = await BenchApp.StartAsync(appDir, appEnvironment, database: db);
    await using var context = await SignedInContextAsync(app.BaseUrl);
    var start = app.Memory();
    // Warm: every page visited as in the timing part, each visit's page closed after it was drawn.
    foreach (var (name, path) in pages)
        for (var i = 0; i < Math.Max(1, warm); i++) await VisitAsync(context, app.BaseUrl + path, name);
    var before = await SettledMemoryAsync(app);
    var open = new List<IPage>();
    for (var i = 0; i < openPages; i++)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/");
        await WaitDoneAsync(page, "overview");
        open.Add(page);
    }
    var with = await SettledMemoryAsync(app);
    // Live: each open page's KPI must move to take the new calls in (started two minutes ago: in the default period).
    const string Kpi = "[data-testid=kpi-calls] [data-testid=kpi-value]";
    var shownBefore = await Task.WhenAll(open.Select(p => p.Locator(Kpi).InnerTextAsync()));
    // From the first webhook sent until the last page shows the new count.
    var clock = Stopwatch.StartNew();
    using (var client = app.WebhookClient(4))
    {
        var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        for (var i = 0; i < webhooks; i++)
            if (!await BenchApp.PostAsync(client, $"bench-pages-{stamp}-{i}", "BENCH-PAGES", DateTime.UtcNow.AddMinutes(-2))) throw new InvalidOperationException("The app refused a webhook.");
    }
    var updated = await Task.WhenAll(open.Select(async (p, i) =>
    {
        try
        {
            await p.WaitForFunctionAsync("([selector, before]) => (document.querySelector(selector)?.textContent ?? before) !== before", new object[] { Kpi, shownBefore[i] }, new() { Timeout = timeout, PollingInterval = 200 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }));
    var updateSeconds = clock.Elapsed.TotalSeconds;
    var live = await SettledMemoryAsync(app);
    foreach (var page in open) await page.CloseAsync();

    Console.WriteLine($"App memory (/proc/PID/status), {openPages} overview pages open in one signed-in browser context (each its own Blazor circuit):");
    Console.WriteLine();
    Console.WriteLine("| state | app RSS MB (VmRSS) | of which anonymous (RssAnon) | file-backed (RssFile) | shared (RssShmem) | peak so far MB (VmHWM) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    Console.WriteLine(MemoryRow("just started (migrated, listening)", start));
    Console.WriteLine(MemoryRow($"after start + warm ({Math.Max(1, warm)} visits of each page, closed)", before));
    Console.WriteLine(MemoryRow($"{openPages} overview pages open, each drawn", with));
    Console.WriteLine(MemoryRow($"after {webhooks} webhooks reached them ({updated.Count(u => u):N0} of {openPages} pages showed the new count {updateSeconds:N1} s after the first was sent)", live));
    Console.WriteLine();
    Console.WriteLine($"Per circuit: ({with.RssMb:N0} − {before.RssMb:N0}) / {openPages} = **{(with.RssMb - before.RssMb) / openPages:N1} MB**; after the webhooks ({live.RssMb:N0} − {before.RssMb:N0}) / {openPages} = {(live.RssMb - before.RssMb) / openPages:N1} MB.");
    var most = new[] { before.RssMb, with.RssMb, live.RssMb }.Max();
    Console.WriteLine($"Goal RSS ≤ {GoalRssMb:N0} MB: {(most <= GoalRssMb ? "**met**" : "**not met**")} (highest RSS measured {most:N0} MB; peak {live.PeakMb:N0} MB).");
    if (updated.Any(u => !u)) Console.WriteLine($"WARNING: {updated.Count(u => !u)} pages did not show the new calls within {timeout / 1000:N0} s: they were not live.");
}

async Task<IBrowserContext> SignedInContextAsync(string baseUrl)
{
    var context = await browser.NewContextAsync(new()
    {
        ViewportSize = new() { Width = 1440, Height = 900 },
        TimezoneId = "Asia/Tokyo",
        Locale = "en-US",
    });
    // English, whatever the user's stored language: ASP.NET Core's culture cookie (CookieRequestCultureProvider).
    await context.AddCookiesAsync([new Cookie { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString("c=en|uic=en"), Url = baseUrl }]);
    var page = await context.NewPageAsync();
    // Back to /health after signing in, so that the overview's first visit is the bench's own.
    await page.GotoAsync(baseUrl + "/account/login?returnUrl=%2Fhealth");
    await page.FillAsync("#email", BenchApp.AdminEmail);
    await page.FillAsync("#password", BenchApp.AdminPassword);
    // Inside the form: the page has language buttons of type submit too.
    await page.ClickAsync("[data-testid=login-form] button[type=submit]");
    try
    {
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new() { Timeout = 30_000 });
    }
    catch (TimeoutException)
    {
        var error = await page.GetByTestId("login-error").CountAsync() > 0 ? await page.GetByTestId("login-error").InnerTextAsync() : "no error shown";
        throw new InvalidOperationException($"Signing in as {BenchApp.AdminEmail} failed ({error}). The Admin is created from Setup:AdminEmail only in a database without users: a database that already has other users needs this one added.");
    }
    await page.CloseAsync();
    await context.AddInitScriptAsync(marks);
    return context;
}

async Task<Visit> VisitAsync(IBrowserContext context, string url, string name)
{
    var page = await context.NewPageAsync();
    try
    {
        await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit, Timeout = timeout });
        await WaitDoneAsync(page, name);
        var v = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
                const nav = performance.getEntriesByType('navigation')[0];
                const m = window.__bench.marks;
                const at = k => (k in m ? m[k] : -1);
                return {
                    firstByte: nav.responseStart, domContentLoaded: nav.domContentLoadedEventEnd || -1,
                    wsOpen: at('wsOpen'), interactive: at('interactive'), data: at('data'),
                    firstChart: at('firstChart'), charts: at('charts'), chartCount: window.__bench.chartCount, empty: window.__bench.empty,
                };
            }
            """);
        double D(string k) => v.GetProperty(k).GetDouble();
        return new Visit(D("firstByte"), D("domContentLoaded"), D("wsOpen"), D("interactive"), D("data"), D("firstChart"), D("charts"), v.GetProperty("chartCount").GetInt32(), v.GetProperty("empty").GetBoolean());
    }
    finally
    {
        await page.CloseAsync();
    }
}

async Task WaitDoneAsync(IPage page, string name)
{
    try
    {
        await page.WaitForFunctionAsync("() => window.__bench?.done === true", null, new() { Timeout = timeout, PollingInterval = 100 });
    }
    catch (TimeoutException)
    {
        var shot = Path.Combine(BenchApp.RepoRoot, $"bench/.out/pages-{name}-timeout.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        var got = await page.EvaluateAsync<string>("() => JSON.stringify(window.__bench ?? {})");
        throw new TimeoutException($"{page.Url} was not drawn within {timeout / 1000:N0} s (stages so far: {got}); screenshot {shot}.");
    }
}

// RSS once the app has settled: the page loads' garbage collected or not, as the runtime decides (no forced GC: that is what a server holds).
static async Task<(double RssMb, double PeakMb, double AnonMb, double FileMb, double ShmemMb)> SettledMemoryAsync(BenchApp app)
{
    await Task.Delay(TimeSpan.FromSeconds(5));
    return app.Memory();
}

static string MemoryRow(string state, (double RssMb, double PeakMb, double AnonMb, double FileMb, double ShmemMb) m) =>
    $"| {state} | {m.RssMb:N0} | {m.AnonMb:N0} | {m.FileMb:N0} | {m.ShmemMb:N0} | {m.PeakMb:N0} |";

static string Row(string page, string visit, Visit v) =>
    $"| {page} | {visit} | {Ms(v.FirstByte)} | {Ms(v.DomContentLoaded)} | {Ms(v.WsOpen)} | {Ms(v.Interactive)} | {Ms(v.Data)}{(v.Empty ? " (empty)" : "")} | {Ms(v.FirstChart)} | {(v.Charts < 0 ? "—" : $"{Ms(v.Charts)} ({v.ChartCount})")} |";

static string Ms(double ms) => ms < 0 ? "—" : ms.ToString("N0", CultureInfo.InvariantCulture);

static Visit Median(List<Visit> visits)
{
    double M(Func<Visit, double> f)
    {
        var sorted = visits.Select(f).Order().ToList();
        return sorted[(sorted.Count - 1) / 2];
    }
    return new Visit(M(v => v.FirstByte), M(v => v.DomContentLoaded), M(v => v.WsOpen), M(v => v.Interactive), M(v => v.Data), M(v => v.FirstChart), M(v => v.Charts), visits[0].ChartCount, visits[0].Empty);
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

/// <summary>Milliseconds since navigation start of each stage of one page load (−1: did not happen).</summary>
sealed record Visit(double FirstByte, double DomContentLoaded, double WsOpen, double Interactive, double Data, double FirstChart, double Charts, int ChartCount, bool Empty);
