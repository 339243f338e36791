using System.Text.RegularExpressions;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Playwright;
using MiiTelDashboard.Shell;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Deploy;

/// <summary>
/// What the README's Deploy section promises: the published output, in Production, serves every page
/// complete (in Production without publishing, package styles and scripts are not served at all).
/// </summary>
public sealed class PublishedAppTests(ProductionApp app, BrowserFixture browser) : IClassFixture<ProductionApp>, IClassFixture<BrowserFixture>
{
    private const float FirstLoadMs = 30_000;
    private const string ViewerEmail = "viewer@tests.local";

    private static ILocator Input(IPage page, string testId) => page.Locator($"input[data-testid={testId}], [data-testid={testId}] input");

    /// <summary>Each page and what shows it finished rendering with its data.</summary>
    private IEnumerable<(string Path, string Ready)> AdminPages() =>
    [
        ("/", "[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]"),
        ("/calls", "[data-testid=calls-total]"),
        ($"/calls/{app.DetailId}", "[data-testid=call-header]"),
        ("/users", "[data-testid=ranking-row]"),
        ("/users/Edgardo", "[data-testid=chart-talkratio] .apex-chart[data-chart-state=ready]"),
        ("/circuits", "[data-testid=ranking-row]"),
        ("/circuits/0120000001", "[data-testid=chart-outcomes] .apex-chart[data-chart-state=ready]"),
        ("/search?q=message", "[data-testid=search-total]"),
        ("/integration", "[data-testid=webhook-settings]"),
        ("/admin/users", "[data-testid=users-total]"),
        ("/admin/keys", "[data-testid=keys-total]"),
        ("/admin/audit", "[data-testid=audit-row]"),
        ("/account/password", "form"),
    ];

    /// <summary>
    /// The pages an Admin's tour does not reach, each with the route template it stands for; with
    /// <see cref="AdminPages"/> they must name every <c>@page</c> route of the app.
    /// </summary>
    /// <paramref name="fresh"/> is the address of a published app nobody set up yet (once an Admin exists, /setup is gone).
    private IEnumerable<(string Template, string Path, string Ready, bool SignedIn)> OtherPages(string fresh) =>
    [
        ("/calls/{DetailId}/delete", $"/calls/{app.DetailId}/delete", "[data-testid=delete-confirm]", true),
        ("/not-found", "/not-found", "[data-testid=not-found]", true),
        ("/account/login", "/account/login", "[data-testid=login-form]", false),
        ("/account/denied", "/account/denied", "[data-testid=denied]", false),
        ("/setup", fresh + "/setup", "[data-testid=setup-form]", false),
        ("/Error", "/Error", "[data-testid=error]", false),
    ];

    /// <summary>Every <c>@page</c> route template of the app, read from its components.</summary>
    private static IEnumerable<string> RouteTemplates() =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(Microsoft.AspNetCore.Components.RouteAttribute), inherit: false))
            .Select(a => ((Microsoft.AspNetCore.Components.RouteAttribute)a).Template);

    /// <summary>The template an <see cref="AdminPages"/> path stands for: a value where the route has a parameter.</summary>
    private IEnumerable<string> AdminTemplates() => AdminPages().Select(p => p.Path.Split('?')[0] switch
    {
        var path when path == $"/calls/{app.DetailId}" => "/calls/{DetailId}",
        "/users/Edgardo" => "/users/{User}",
        "/circuits/0120000001" => "/circuits/{Circuit}",
        var path => path,
    });

    [Fact]
    public void ThePagesVisited_AreEveryPageOfTheApp() =>
        Assert.Equal(RouteTemplates().Order(StringComparer.Ordinal), AdminTemplates().Concat(OtherPages("").Select(p => p.Template)).Order(StringComparer.Ordinal));

    /// <summary>Every script and stylesheet the browser fetched for the page, and those the page names, answer 200.</summary>
    private static async Task AssertCompleteAsync(IPage page, string path, ConcurrentQueue<(string Url, string Type, int Status)> fetched)
    {
        var referenced = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('link[rel=stylesheet][href], script[src]')].map(e => e.href || e.src)
            """);
        // Published names carry a content hash (MudBlazor.min.<hash>.css), so a new build is never served from an old cache.
        Assert.Contains(referenced, u => Regex.IsMatch(u, @"/_content/MudBlazor/MudBlazor\.min\.(\w+\.)?css$"));
        Assert.Contains(referenced, u => Regex.IsMatch(u, @"/_framework/blazor\.web\.(\w+\.)?js$"));
        foreach (var url in referenced)
        {
            var response = await page.Context.APIRequest.GetAsync(url);
            Assert.True(response.Status == 200, $"{path}: {url} answered {response.Status}");
            Assert.True((await response.BodyAsync()).Length > 0, $"{path}: {url} is empty");
        }
        // 304: the browser revalidated a file it holds (apexcharts, loaded by the chart module, has no hash in its name).
        var broken = fetched.Where(f => f.Type is "script" or "stylesheet" && f.Status is not (200 or 304)).ToList();
        Assert.True(broken.Count == 0, $"{path}: " + string.Join(", ", broken));

        // Styled: MudBlazor's stylesheet parsed into rules, and applied.
        var mudRules = await page.EvaluateAsync<int>("""
            () => [...document.styleSheets].filter(s => (s.href || '').includes('/_content/MudBlazor/MudBlazor.min.')).reduce((n, s) => n + s.cssRules.length, 0)
            """);
        Assert.True(mudRules > 1000, $"{path}: MudBlazor's stylesheet has {mudRules} rules");
    }

    private static ConcurrentQueue<(string Url, string Type, int Status)> Record(IPage page)
    {
        var fetched = new ConcurrentQueue<(string, string, int)>();
        page.Response += (_, r) => fetched.Enqueue((r.Url, r.Request.ResourceType, r.Status));
        page.RequestFailed += (_, r) => fetched.Enqueue((r.Url, r.ResourceType, -1));
        return fetched;
    }

    [Fact]
    public async Task EveryPage_InProduction_LoadsAllItsScriptsAndStyles_AndIsStyled_AndDrawsItsCharts()
    {
        var errors = new List<string>();
        var freshFolder = Path.Combine(Path.GetTempPath(), "miitel-fresh-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(freshFolder);
        using var fresh = await AppProcess.StartAsync(Path.Combine(freshFolder, "miitel.db"), appDll: app.AppDll);
        var signedOut = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (null, null));
        var page = await browser.NewPageAsync(app.BaseUrl, errors);
        var fetchedSignedOut = Record(signedOut);
        var fetched = Record(page);
        foreach (var (_, path, ready, signedIn) in OtherPages(fresh.BaseUrl))
        {
            var (on, itsFetched) = signedIn ? (page, fetched) : (signedOut, fetchedSignedOut);
            itsFetched.Clear();
            await on.GotoAsync(path);
            await on.Locator(ready).First.WaitForAsync(new() { Timeout = FirstLoadMs });
            await AssertCompleteAsync(on, path, itsFetched);
            // The denied page answers 403 by design, which the browser logs.
            errors.RemoveAll(e => path == "/account/denied" && e.Contains("status of 403", StringComparison.Ordinal));
            Assert.True(errors.Count == 0, $"{path}: " + string.Join("\n", errors));
        }
        await signedOut.GotoAsync("/account/login");
        // The sign-in form's own (scoped) styles applied: the brand-blue button, not the browser's grey one.
        Assert.Equal("rgb(30, 91, 215)", await signedOut.GetByTestId("login-form").Locator("button[type=submit]").EvaluateAsync<string>("b => getComputedStyle(b).backgroundColor"));

        foreach (var (path, ready) in AdminPages())
        {
            fetched.Clear();
            await page.GotoAsync(path);
            await page.Locator(ready).First.WaitForAsync(new() { Timeout = FirstLoadMs });
            await AssertCompleteAsync(page, path, fetched);
            // The dashboard's pages have MudBlazor's app bar, laid out by its stylesheet (the account pages have their own layout).
            if (!path.StartsWith("/account", StringComparison.Ordinal))
                Assert.Equal("flex", await page.Locator(".mud-appbar").First.EvaluateAsync<string>("e => getComputedStyle(e).display"));
            if (ready.Contains("apex-chart", StringComparison.Ordinal))
            {
                // Drawn by apexcharts (loaded from wwwroot/lib by the chart module): an SVG with plotted series.
                Assert.True(await page.Locator(ready + " svg.apexcharts-svg").CountAsync() > 0, $"{path}: no chart drawn");
            }
        }
        await page.GotoAsync("/");
        await page.Locator(AdminPages().First().Ready).WaitForAsync(new() { Timeout = FirstLoadMs });
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("production-overview"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        fresh.Dispose();
        try { Directory.Delete(freshFolder, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task AViewer_InProduction_SeesNoTokenKeyOrPasswordOnAnyPage()
    {
        var errors = new List<string>();
        var admin = await browser.NewPageAsync(app.BaseUrl, errors);
        await admin.GotoAsync("/admin/users");
        await admin.GetByTestId("users-total").WaitForAsync(new() { Timeout = FirstLoadMs });
        await admin.GetByTestId("new-user").ClickAsync();
        await Input(admin, "new-email").FillAsync(ViewerEmail);
        await Input(admin, "new-name").FillAsync("Edgardo's lead");
        await Input(admin, "scope-users-typed").FillAsync("Edgardo");
        await Input(admin, "scope-users-typed").PressAsync("Enter");
        await Assertions.Expect(admin.GetByTestId("scope-users-chosen")).ToContainTextAsync("Edgardo");
        await admin.GetByTestId("create-user").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("shown-once")).ToBeVisibleAsync(new() { Timeout = FirstLoadMs });
        var password = (await admin.GetByTestId("secret").InnerTextAsync()).Trim();
        await Assertions.Expect(admin.Locator($"[data-testid=user-row][data-email='{ViewerEmail}'] [data-testid=role]")).ToHaveTextAsync("Viewer");

        var viewer = await browser.NewPageAsync(app.BaseUrl, errors, signInAs: (ViewerEmail, password));
        string[] secrets = [AppFactory.WebhookToken, AppFactory.ApiKey, AppFactory.AdminPassword, password];
        foreach (var (path, ready) in AdminPages())
        {
            await viewer.GotoAsync(path);
            if (path.StartsWith("/admin", StringComparison.Ordinal) || path == "/integration")
            {
                await viewer.GetByTestId("denied").WaitForAsync(new() { Timeout = FirstLoadMs });
                errors.RemoveAll(e => e.Contains("status of 403", StringComparison.Ordinal) && e.Contains("/account/denied", StringComparison.Ordinal));
            }
            else
                await viewer.Locator(ready).First.WaitForAsync(new() { Timeout = FirstLoadMs });
            var html = await viewer.ContentAsync();
            foreach (var secret in secrets)
                Assert.False(html.Contains(secret, StringComparison.Ordinal), $"{path} shows a secret to a Viewer");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task StartedFromAnotherFolder_ThePublishedApp_ServesItsStyles_AndKeepsARelativeDataFolderBesideTheDll()
    {
        var elsewhere = Directory.CreateTempSubdirectory("miitel-elsewhere-").FullName;
        var data = "data-" + Guid.NewGuid().ToString("N");
        var beside = Path.Combine(Path.GetDirectoryName(app.AppDll)!, data);
        try
        {
            using (var started = await AppProcess.StartAsync("unused", new Dictionary<string, string> { ["ConnectionStrings__Calls"] = $"Data Source={data}/miitel.db" },
                app.AppDll, workingDirectory: elsewhere))
            {
                using var client = new HttpClient { BaseAddress = new Uri(started.BaseUrl) };
                using var login = await client.GetAsync("/account/login");
                var html = await login.Content.ReadAsStringAsync();
                var stylesheets = Regex.Matches(html, "<link[^>]+rel=\"stylesheet\"[^>]+href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
                Assert.NotEmpty(stylesheets);
                foreach (var href in stylesheets)
                {
                    using var css = await client.GetAsync(href);
                    Assert.True(css.IsSuccessStatusCode, $"{href} answered {(int)css.StatusCode}");
                }
            }
            Assert.True(File.Exists(Path.Combine(beside, "miitel.db")), "the database is beside the dll");
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(elsewhere, recursive: true);
            if (Directory.Exists(beside)) Directory.Delete(beside, recursive: true);
        }
    }

    [Fact]
    public async Task HealthcheckMode_ExitsZero_WhenTheAppAnswers_AndOne_WhenNothingListens()
    {
        var (healthy, healthyOutput) = await RunHealthcheckAsync(app.BaseUrl + "/health");
        Assert.True(healthy == 0, healthyOutput);
        Assert.Contains("200 Healthy", healthyOutput, StringComparison.Ordinal);

        var (down, downOutput) = await RunHealthcheckAsync("http://127.0.0.1:9/health");
        Assert.True(down == 1, downOutput);
    }

    private async Task<(int ExitCode, string Output)> RunHealthcheckAsync(string url)
    {
        var info = new ProcessStartInfo("dotnet", [app.AppDll, HealthcheckCommand.Flag, url])
        {
            WorkingDirectory = Path.GetDirectoryName(app.AppDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        return (process.ExitCode, await output + await error);
    }
}

public sealed class HealthcheckTargetTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Theory]
    [InlineData("http://+:8080", "http://127.0.0.1:8080/health")]
    [InlineData("https://+:8443;http://0.0.0.0:5052", "http://127.0.0.1:5052/health")]
    [InlineData("http://[::]:80/", "http://127.0.0.1/health")]
    public void Urls_ShouldGiveTheFirstHttpPort_OnLoopback(string urls, string expected) =>
        Assert.Equal(new Uri(expected), HealthcheckCommand.Target(null, Env(("ASPNETCORE_URLS", urls), ("ASPNETCORE_HTTP_PORTS", "9999"))));

    [Fact]
    public void HttpPorts_ShouldBeUsed_WithoutUrls() =>
        Assert.Equal(new Uri("http://127.0.0.1:8080/health"), HealthcheckCommand.Target(null, Env(("ASPNETCORE_HTTP_PORTS", "8080;8081"))));

    [Fact]
    public void AnExplicitUrl_ShouldWin_AndNothingAtAllGiveNone()
    {
        Assert.Equal(new Uri("http://app:9000/health"), HealthcheckCommand.Target("http://app:9000/health", Env(("ASPNETCORE_HTTP_PORTS", "8080"))));
        Assert.Null(HealthcheckCommand.Target(null, Env()));
    }
}
