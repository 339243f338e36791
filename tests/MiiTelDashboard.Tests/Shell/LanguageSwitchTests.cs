using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

/// <summary>The language switch endpoint: a form post with the antiforgery token, a known language, a local return address.</summary>
public sealed class LanguageSwitchTests(AppFactory app) : IClassFixture<AppFactory>
{
    private HttpClient Client() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? language, string returnUrl, bool withToken = true)
    {
        var form = await client.GetStringAsync("/account/login");
        var fields = new Dictionary<string, string> { ["returnUrl"] = returnUrl };
        if (language is not null) fields["language"] = language;
        if (withToken) fields["__RequestVerificationToken"] = SignIn.AntiforgeryToken(form);
        return await client.PostAsync("/account/language", new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Switching_SetsTheCultureCookie_AndGoesBackToALocalAddressOnly()
    {
        using var client = Client();

        using var local = await PostAsync(client, "ja", "/account/login?returnUrl=%2Fcalls");

        Assert.Equal(HttpStatusCode.Redirect, local.StatusCode);
        Assert.Equal("/account/login?returnUrl=%2Fcalls", local.Headers.Location?.OriginalString);
        Assert.Contains(local.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{BrowserFixture.CultureCookie}=c%3Dja%7Cuic%3Dja", StringComparison.Ordinal));
        // Blazor writes non-ASCII text as character references.
        Assert.Contains("ログイン", WebUtility.HtmlDecode(await client.GetStringAsync("/account/login")));

        using var foreign = await PostAsync(client, "en", "https://evil.example/");
        Assert.Equal("/", foreign.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AnUnknownLanguage_OrNoToken_IsA400()
    {
        using var client = Client();

        using var unknown = await PostAsync(client, "fr", "/");
        using var missing = await PostAsync(client, null, "/");
        using var forged = await PostAsync(client, "ja", "/", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync());
        Assert.False(forged.Headers.Contains("Set-Cookie") && forged.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(BrowserFixture.CultureCookie, StringComparison.Ordinal)));
    }
}
