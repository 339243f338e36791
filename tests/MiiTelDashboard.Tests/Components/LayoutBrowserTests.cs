using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Components;

public sealed class LayoutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Home_RendersInteractiveLayout_WithoutConsoleErrors()
    {
        await using var app = new KestrelApp();
        var errors = new List<string>();
        var page = await browser.NewPageAsync(app.BaseUrl, errors);

        await page.GotoAsync("/");
        await page.GetByText("MiiTel Dashboard").First.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("home"), FullPage = true });

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
