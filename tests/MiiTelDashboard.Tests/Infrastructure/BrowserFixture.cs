using MiiTelDashboard.Data;
using Microsoft.Playwright;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for a test class. The browser is Debian's <c>chromium</c> package
/// (installed by .ci/run), never a download of Playwright's own.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/screenshots under the test project's output.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// A page that records console errors, failed page scripts and Content-Security-Policy violations
    /// into <paramref name="errors"/>, signed in as the test Admin unless <paramref name="signInAs"/> names
    /// other credentials or is (null, null) for none. Chromium writes a violation to the console as an
    /// error ("Refused to execute inline script because it violates the following Content Security Policy
    /// directive…"); the page's securitypolicyviolation event reports it once more, with the directive
    /// and what was blocked, whatever the console makes of it. The CSP is never bypassed here: the
    /// tests run the policy users get.
    /// The browser is a Japanese one (ja-JP: Accept-Language, formats); <paramref name="language"/> is the
    /// dashboard language it has chosen (the culture cookie), English unless told: null chooses none,
    /// so the page follows Accept-Language as a first visit does.
    /// </summary>
    public async Task<IPage> NewPageAsync(string baseUrl, List<string> errors, string? timezone = "Asia/Tokyo", (string? Email, string? Password)? signInAs = default,
        string? language = "en", int width = 1440)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            TimezoneId = timezone,
            Locale = "ja-JP",
            AcceptDownloads = true,
        });
        if (language is not null)
            await context.AddCookiesAsync([new Cookie { Name = CultureCookie, Value = Uri.EscapeDataString($"c={language}|uic={language}"), Url = baseUrl }]);
        var (email, password) = signInAs ?? (AppFactory.AdminEmail, AppFactory.AdminPassword);
        if (email is not null && password is not null) await SignIn.BrowserAsync(context, email, password);
        // Added through the browser's debugging protocol, so the page's CSP does not apply to this script.
        await context.AddInitScriptAsync("""
            document.addEventListener('securitypolicyviolation', e =>
                console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
            """);
        var page = await context.NewPageAsync();
        page.Console += (_, msg) =>
        {
            if (msg.Type == "error" || msg.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                errors.Add($"{msg.Text} ({msg.Location})");
        };
        page.PageError += (_, error) => errors.Add(error);
        return page;
    }

    /// <summary>ASP.NET Core's culture cookie (CookieRequestCultureProvider.DefaultCookieName).</summary>
    public const string CultureCookie = ".AspNetCore.Culture";

    public static string Screenshot(string name) => Path.Combine(ScreenshotDirectory, name + ".png");

    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrEmpty(configured)) return configured;
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" })
        {
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException("Chromium not found: install Debian's 'chromium' package (see .ci/run) or set CHROMIUM_PATH.");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

/// <summary>The app on a real Kestrel port, for browsers and SignalR clients.</summary>
public sealed class KestrelApp : IAsyncDisposable
{
    public KestrelApp(Action<AppFactory>? configure = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        Factory = AppFactory.For(provider);
        configure?.Invoke(Factory);
        Factory.UseKestrel(0);
        Factory.StartServer();
        BaseUrl = Factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        Factory.KestrelAddress = Factory.ClientOptions.BaseAddress;
    }

    public AppFactory Factory { get; }
    public string BaseUrl { get; }

    public ValueTask DisposeAsync() => Factory.DisposeAsync();
}
