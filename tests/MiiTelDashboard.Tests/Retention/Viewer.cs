using Microsoft.Playwright;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Retention;

/// <summary>
/// How a signed-in person reaches the dashboard's pages and its CSV export: the one place the
/// retention tests sign in (as the test Admin, who sees every call).
/// </summary>
internal static class Viewer
{
    /// <summary>A client for what a signed-in person downloads (the CSV export).</summary>
    public static Task<HttpClient> ClientAsync(AppFactory app) => app.SignedInClientAsync();

    /// <summary>A browser page of a signed-in person, at <paramref name="path"/>.</summary>
    public static async Task<IPage> OpenAsync(BrowserFixture browser, string baseUrl, string path, List<string> errors)
    {
        var page = await browser.NewPageAsync(baseUrl, errors);
        await page.GotoAsync(path);
        return page;
    }
}
