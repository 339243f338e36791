using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

public sealed partial class SecurityHeadersTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/")]                         // a page: for nobody signed in, the redirect to sign in
    [InlineData("/account/login")]            // the sign-in page
    [InlineData("/calls")]
    [InlineData("/search?q=proposal")]
    [InlineData("/api/search?q=proposal")]    // the read API, refused without a key
    [InlineData("/app.css")]                  // a static file
    [InlineData("/health")]
    [InlineData("/webhooks/miitel")]          // the webhook, which only takes POST
    [InlineData("/no-such-page")]             // the not-found page, re-executed
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        using var response = await client.GetAsync(path);

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task AnUnhandledError_StillCarriesTheSecurityHeaders_AfterTheHandlerClearsTheResponse()
    {
        // A request nothing maps reaches this middleware after the app's own; its exception goes back
        // through the app's exception handler, which clears the response before it writes the 500.
        using var failing = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingStartupFilter>()));
        using var client = failing.CreateClient(new() { AllowAutoRedirect = false });
        // Signed in, so that the request gets past the sign-in requirement to where it fails.
        using var signedIn = await SignIn.PostAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var response = await client.GetAsync(ThrowingStartupFilter.Path);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("/", true)]                   // the overview, interactive
    [InlineData("/account/login", false)]     // the sign-in form, rendered on the server only
    public async Task APage_ItsInlineScripts_CarryTheNonceOfItsPolicy_AndEveryResponseHasItsOwn(string path, bool signedIn)
    {
        using var client = signedIn ? await app.SignedInClientAsync() : app.CreateClient();
        var nonces = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            var nonce = Nonce().Match(Policy(response)).Groups[1].Value;
            Assert.Matches("^[0-9a-f]{32}$", nonce);

            // Blazor's import map is the inline one; a script with a src is allowed by 'self'.
            var inline = InlineScript().Matches(html).Select(m => m.Value).ToList();
            Assert.Contains(inline, s => s.Contains("type=\"importmap\"", StringComparison.Ordinal));
            Assert.All(inline, s => Assert.Contains($"nonce=\"{nonce}\"", s, StringComparison.Ordinal));
            nonces.Add(nonce);
        }
        Assert.NotEqual(nonces[0], nonces[1]);
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var directives = Policy(response).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d[(d.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.Equal("'self'", directives["default-src"]);
        Assert.Matches("^'self' 'nonce-[0-9a-f]{32}'$", directives["script-src"]);
        Assert.Equal("'self' 'unsafe-inline'", directives["style-src"]);
        Assert.Equal("'self'", directives["connect-src"]);
        Assert.Equal("'none'", directives["object-src"]);
        Assert.Equal("'self'", directives["base-uri"]);
        Assert.Equal("'self'", directives["form-action"]);
        Assert.Equal("'none'", directives["frame-ancestors"]);
        Assert.DoesNotContain("unsafe-eval", Policy(response), StringComparison.Ordinal);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    internal static string Policy(HttpResponseMessage response) => Header(response, "Content-Security-Policy");

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content)
        : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header.");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex(@"<script(?![^>]*\ssrc=)[^>]*>")]
    private static partial Regex InlineScript();

    private sealed class ThrowingStartupFilter : IStartupFilter
    {
        public const string Path = "/test-only/throws";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            next(builder);
            builder.Use((HttpContext context, RequestDelegate rest) =>
                context.Request.Path == Path ? throw new InvalidOperationException("boom") : rest(context));
        };
    }
}
