using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Shell;

/// <summary>
/// Bound from <c>ForwardedHeaders</c>: the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed. Empty (the default) believes nobody, loopback included:
/// anyone who can reach the port could otherwise claim any source address to the webhook's
/// <c>AllowedSources</c>.
/// </summary>
public sealed class TrustedProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies themselves, e.g. <c>127.0.0.1</c> for nginx on the same host.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>CIDR ranges the proxies live in, e.g. <c>10.0.0.0/24</c> for a load balancer pool.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"{Section}:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"{Section}:KnownNetworks: '{network}' is not a CIDR range (such as 10.0.0.0/24).");
    }
}

/// <summary>
/// What every response carries and how a request behind the reverse proxy is read: forwarded
/// headers from known proxies, the Content-Security-Policy and its companions, HSTS and HTTPS
/// redirection outside Development.
/// </summary>
public static class HardeningExtensions
{
    public static IHostApplicationBuilder AddHardening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrustedProxyOptions>().BindConfiguration(TrustedProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((o, trusted) =>
        {
            var proxies = trusted.Value;
            // With both lists empty the middleware would believe every sender, so then it reads nothing.
            o.ForwardedHeaders = proxies.KnownProxies.Count + proxies.KnownNetworks.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured is trusted here (see TrustedProxyOptions).
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in proxies.KnownNetworks) o.KnownIPNetworks.Add(IPNetwork.Parse(network));
            // Entries are taken from the right while the hop that sent them is a known proxy, so a
            // chain of known proxies (load balancer → nginx) resolves to the client, and whatever the
            // client wrote into the header itself stops at the first hop nobody vouches for.
            o.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders.AddAsync);
        if (!app.Environment.IsDevelopment())
        {
            // HSTS is sent only over HTTPS (as the forwarded scheme says) and never for localhost.
            // The redirection only acts when an HTTPS port is known (an https:// binding, or
            // HTTPS_PORT / https_port); a plain-HTTP install and the test hosts are left alone.
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }
}

/// <summary>
/// The security headers of every response — pages, API, static files, redirects and error pages —
/// set as the response starts, so that an error handler that clears the response cannot drop them.
/// </summary>
public static class SecurityHeaders
{
    private static readonly object NonceKey = new();

    /// <summary>
    /// The policy. Scripts come only from the app itself (blazor.web.js, MudBlazor, the chart module
    /// and the apexcharts file it loads) plus the one inline script, Blazor's import map, which
    /// carries this response's nonce; nothing needs eval. Styles allow inline because MudBlazor
    /// writes style attributes and its theme as a &lt;style&gt; element, and apexcharts styles its SVG
    /// and tooltips inline: neither can carry a nonce. Inline style runs no script, and every text
    /// the app renders is encoded, so data cannot inject a style either. <c>connect-src 'self'</c>
    /// covers Blazor's and the hub's WebSocket to the same host.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'none'";

    /// <summary>This response's CSP nonce, for an inline script the page itself writes.</summary>
    public static string CspNonce(this HttpContext context)
    {
        if (context.Items.TryGetValue(NonceKey, out var nonce) && nonce is string existing) return existing;
        // Hex: 128 random bits that need no encoding in the header or the HTML attribute.
        var created = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = created;
        return created;
    }

    internal static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        // Made before the response starts, so the header and the page always agree on it.
        var nonce = context.CspNonce();
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
            headers.XContentTypeOptions = "nosniff";
            // frame-ancestors 'none' says the same to browsers that read CSP.
            headers.XFrameOptions = "DENY";
            // Search terms and call ids are in the URLs; no other site needs to see them.
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    }
}
