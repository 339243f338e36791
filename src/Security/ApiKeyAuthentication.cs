using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Security;

/// <summary>Bound from <c>Api</c>: the keys integrations send as <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public List<string> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates the read API and the calls hub with a bearer key from <c>Api:Keys</c>. The
/// key may also arrive as <c>access_token</c> on the hub's URL, since browsers' WebSockets
/// cannot set headers.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        foreach (var key in api.CurrentValue.Keys)
        {
            if (key.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(key))))
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }
        return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = api.CurrentValue.Keys.Count == 0
            ? "No API keys are configured (Api:Keys), so the read API is closed."
            : "Send Authorization: Bearer <key> with a key from Api:Keys.";
        await Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    private string? PresentedKey()
    {
        // Only the read API and the hubs take API keys; the webhook has its own token.
        if (!Request.Path.StartsWithSegments("/api") && !Request.Path.StartsWithSegments("/hubs")) return null;
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (Request.Path.StartsWithSegments("/hubs") && Request.Query["access_token"].ToString() is { Length: > 0 } token) return token;
        return null;
    }
}

public static class SecurityExtensions
{
    /// <summary>Policy of the read API and the calls hub.</summary>
    public const string ReadApiPolicy = "ReadApi";

    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section);
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadApiPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return builder;
    }
}
