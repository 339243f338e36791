using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

/// <summary>
/// The app behind a reverse proxy, on a real Kestrel port: the test client is the proxy at
/// 127.0.0.1 and says who the client was. (The in-process test server reports no remote address,
/// which the forwarded-headers middleware takes on trust, so it cannot show what is ignored.)
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string MiiTel = "203.0.113.7";
    private const string PublicHost = "dashboard.example.com";

    private static KestrelApp App(params (string Key, string Value)[] settings) => new(f =>
    {
        f.With("MiiTel:Webhook:AllowedSources:0", MiiTel);
        foreach (var (key, value) in settings) f.With(key, value);
    });

    private static async Task<HttpStatusCode> DeliverAsync(KestrelApp app, string? forwardedFor)
    {
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/miitel") { Content = AppFactory.Json(Bodies.Call().Text()) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task FromAKnownProxy_AllowedSourcesSeesTheForwardedClient_NotTheProxy()
    {
        await using var app = App(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(app, MiiTel));
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(app, "198.51.100.9"));
        // The proxy's own address is not MiiTel's.
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(app, null));
    }

    [Fact]
    public async Task AKnownNetwork_IsTrustedAsAProxy()
    {
        await using var app = App(("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"));

        Assert.Equal(HttpStatusCode.OK, await DeliverAsync(app, MiiTel));
    }

    [Theory]
    [InlineData(null)]          // nothing configured: loopback is not trusted either
    [InlineData("192.0.2.10")]  // a proxy is configured, but the request came from elsewhere
    public async Task FromAnUnknownProxy_TheForwardedAddressIsIgnored(string? knownProxy)
    {
        await using var app = knownProxy is null ? App() : App(("ForwardedHeaders:KnownProxies:0", knownProxy));

        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(app, MiiTel));
    }

    [Fact]
    public async Task AnAddressTheClientWroteInFrontOfTheProxysEntry_IsNotBelieved()
    {
        await using var app = App(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        // The proxy appends the address it saw; what the client sent before it is the client's claim.
        Assert.Equal(HttpStatusCode.Unauthorized, await DeliverAsync(app, $"{MiiTel}, 198.51.100.9"));
    }

    [Fact]
    public async Task FromAKnownProxy_HttpsIsSeen_TheWebhookUrlIsHttps_AndHstsIsSent()
    {
        await using var app = App(("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));

        var (html, hsts) = await IntegrationPageAsync(app, "https");
        Assert.Contains($"https://{PublicHost}/webhooks/miitel", html, StringComparison.Ordinal);
        Assert.NotNull(hsts);
        Assert.Contains("max-age=", hsts, StringComparison.Ordinal);

        (html, hsts) = await IntegrationPageAsync(app, forwardedProto: null);
        Assert.Contains($"http://{PublicHost}/webhooks/miitel", html, StringComparison.Ordinal);
        Assert.Null(hsts);
    }

    [Fact]
    public async Task WithoutAKnownProxy_TheForwardedSchemeIsIgnored()
    {
        await using var app = App();

        var (html, hsts) = await IntegrationPageAsync(app, "https");
        Assert.Contains($"http://{PublicHost}/webhooks/miitel", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"https://{PublicHost}", html, StringComparison.Ordinal);
        Assert.Null(hsts);
    }

    [Fact]
    public async Task PlainHttp_IsRedirected_OnlyWhenAnHttpsPortIsKnown_AndNeverBehindTheProxysHttps()
    {
        await using (var plain = App())
        {
            // The test hosts and a plain-HTTP install have no HTTPS port: nothing is redirected.
            Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(plain, forwardedProto: null)).StatusCode);
        }

        await using var withHttps = App(("HTTPS_PORT", "8443"), ("ForwardedHeaders:KnownProxies:0", "127.0.0.1"));
        var redirected = await GetHealthAsync(withHttps, forwardedProto: null);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal($"https://{PublicHost}:8443/health", redirected.Location);
        Assert.Equal(HttpStatusCode.OK, (await GetHealthAsync(withHttps, "https")).StatusCode);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.internal", "'proxy.internal' is not an IP address")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "'10.0.0.0/33' is not a CIDR range")]
    public void AMistypedProxySetting_StopsTheAppAtStart_WithAClearMessage(string key, string value, string message)
    {
        using var app = new AppFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        for (; error is not null && error is not OptionsValidationException; error = error.InnerException) { }
        Assert.Contains(message, Assert.IsType<OptionsValidationException>(error).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Integration page (Admins only) as prerendered for a request that came through the proxy.
    /// The sign-in goes straight to the app over plain HTTP, so its cookie is not a Secure one that
    /// this HTTP client would then keep to itself.
    /// </summary>
    private static async Task<(string Html, string? Hsts)> IntegrationPageAsync(KestrelApp app, string? forwardedProto)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        using var signedIn = await SignIn.PostAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var request = Proxied(HttpMethod.Get, "/integration", forwardedProto);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var hsts = response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null;
        return (await response.Content.ReadAsStringAsync(), hsts);
    }

    private static async Task<(HttpStatusCode StatusCode, string? Location)> GetHealthAsync(KestrelApp app, string? forwardedProto)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.BaseUrl) };
        using var request = Proxied(HttpMethod.Get, "/health", forwardedProto);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.Headers.Location?.ToString());
    }

    /// <summary>As the proxy sends it: the public host name kept, the client's address and scheme added.</summary>
    private static HttpRequestMessage Proxied(HttpMethod method, string path, string? forwardedProto)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = PublicHost;
        request.Headers.Add("X-Forwarded-For", MiiTel);
        if (forwardedProto is not null) request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        return request;
    }
}
