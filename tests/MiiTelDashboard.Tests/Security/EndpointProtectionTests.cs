using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>
/// Every endpoint the app maps, enumerated from its own routing table, answers an anonymous
/// request with a redirect to the sign-in page or a 401 — except the short list below that must be
/// open. A new page or API that forgot a rule is caught here, not by a reader who found it.
/// </summary>
public sealed class EndpointProtectionTests(AppFactory app) : IClassFixture<AppFactory>
{
    /// <summary>
    /// Open on purpose: the webhook (its own token), health, the sign-in pages, the error page, and the
    /// language switch (the sign-in pages have one; it sets a cookie, and a user's choice only when signed in).
    /// </summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.OrdinalIgnoreCase)
    {
        "/webhooks/miitel", "/health", "/account/login", "/account/denied", "/setup", "/Error", "/account/language",
    };

    private List<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    private static bool IsStaticAsset(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    private static string Url(RouteEndpoint e) =>
        "/" + string.Join('/', e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart sep => sep.Content,
            _ => "x",
        }))));

    [Fact]
    public void OnlyTheOpenList_AndStaticFiles_AllowAnonymous()
    {
        var open = Endpoints()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsStaticAsset(e))
            .Select(Url).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Subset(Anonymous, open);
        Assert.Superset(Anonymous, open);
    }

    [Fact]
    public void StaticFiles_HoldNoData()
    {
        var assets = Endpoints().Where(IsStaticAsset).Select(Url).ToList();

        Assert.NotEmpty(assets);
        Assert.All(assets, url => Assert.Matches(@"\.(css|js|mjs|svg|png|ico|woff2?|ttf|map|json|gz|br|webmanifest|txt)$", url));
    }

    [Fact]
    public async Task EveryOtherEndpoint_RedirectsToSignIn_Or401()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var checkedUrls = new List<string>();
        foreach (var e in Endpoints().Where(e => !IsStaticAsset(e)))
        {
            var url = Url(e);
            if (Anonymous.Contains(url)) continue;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods.Where(m => m != "OPTIONS"))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method != "GET") request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var toSignIn = response.StatusCode == HttpStatusCode.Redirect
                    && response.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true;
                // An antiforgery check may refuse a POST before authorization does; it still gives nothing away.
                var refused = response.StatusCode is HttpStatusCode.Unauthorized || (method != "GET" && response.StatusCode == HttpStatusCode.BadRequest);
                Assert.True(toSignIn || refused, $"{method} {url} answered {(int)response.StatusCode} to an anonymous request");
                checkedUrls.Add($"{method} {url}");
            }
        }

        // The pages, the APIs, the CSV, the hub and Blazor's own endpoint are all among them.
        foreach (var path in new[] { "/", "/calls", "/calls/x", "/search", "/calls/export.csv", "/api/calls", "/api/calls/x", "/api/search", "/hubs/calls/negotiate", "/_blazor/negotiate", "/integration", "/admin/users", "/admin/keys", "/admin/audit", "/calls/x/delete", "/account/logout" })
            Assert.Contains(checkedUrls, u => u.EndsWith(" " + path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnknownAddress_AlsoAsksToSignIn()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString);
    }
}
