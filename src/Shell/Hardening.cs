using System.Security.Cryptography;

namespace MiiTelDashboard.Shell;

/// <summary>
/// What every response carries: the Content-Security-Policy and its companions, HSTS and HTTPS
/// redirection outside Development.
/// </summary>
public static class HardeningExtensions
{
    /// <summary>First in the pipeline, so redirects and error pages carry the headers too.</summary>
    public static WebApplication UseHardening(this WebApplication app)
    {
        app.Use(SecurityHeaders.AddAsync);
        if (!app.Environment.IsDevelopment())
        {
            // HSTS is sent only over HTTPS and never for localhost.
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
