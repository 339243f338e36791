using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

public sealed class TokenRotationBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AnAdminRotatesTheGeneratedToken_TheOldOneStopsAtOnce_TheNewOneWorks_AndItIsAudited()
    {
        await using var app = new KestrelApp(f => f.With("MiiTel:Webhook:BearerToken", null));
        var file = Path.Combine(app.Factory.DataDirectory, WebhookAuthenticator.TokenFileName);
        var old = (await File.ReadAllTextAsync(file)).Trim();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, old));

        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);
        await page.GotoAsync("/integration");
        // The delivery counts load once the page is interactive; before that a click does nothing.
        await page.Locator("tr[data-period='7d'] td[data-result='accepted']").WaitForAsync();
        await page.GetByTestId("rotate-token").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate", Exact = true }).ClickAsync();
        var rotated = old;
        await Wait.UntilAsync(async () => (rotated = (await File.ReadAllTextAsync(file)).Trim()) != old, TimeSpan.FromSeconds(10), "the token file holds a new token");
        Assert.Equal(64, rotated.Length);
        await Assertions.Expect(page.GetByTestId("webhook-token")).ToHaveTextAsync(rotated);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(app, old));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(app, rotated));

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        Assert.True(await db.Audit.AnyAsync(a => a.Action == AuditActions.TokenRotated && a.Actor == AppFactory.AdminEmail));
        Assert.DoesNotContain(app.Factory.Logs, l => l.Contains(rotated, StringComparison.Ordinal) || l.Contains(old, StringComparison.Ordinal));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static async Task<HttpStatusCode> PostAsync(KestrelApp app, string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
        return response.StatusCode;
    }
}
