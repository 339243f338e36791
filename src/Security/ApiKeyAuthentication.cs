using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>
/// Bound from <c>Api</c>: keys set in configuration, for integrations deployed with the app. Each reads
/// every call (Manager). Keys made on the API keys page live hashed in the database, each with its own scope.
/// </summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Shorter configured keys are refused at start: a short key can be guessed.</summary>
    public const int MinKeyLength = 32;

    public List<string> Keys { get; set; } = [];
}

/// <summary>
/// Authenticates the read API and the calls hub with a bearer key: a configured key (<c>Api:Keys</c>)
/// or a key made by an Admin (stored as its SHA-256; revoked keys fail). The key may also arrive as
/// <c>access_token</c> on the hub's URL, since browsers' WebSockets cannot set headers.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<ApiOptions> api,
    IDbContextFactory<CallsDbContext> dbFactory,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>A key's last use is written at most this often (a write per request would cost the ingest writer).</summary>
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(1);

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null) return AuthenticateResult.NoResult();

        var hash = Hash(presented);
        foreach (var key in api.CurrentValue.Keys)
        {
            if (key.Length > 0 && CryptographicOperations.FixedTimeEquals(hash, Hash(key)))
                return Success("configured key", DashboardRoles.Manager, []);
        }

        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        // Looked up by its hash (a unique index): equal hashes mean equal keys, and nothing about the key leaks by timing.
        var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, Context.RequestAborted);
        if (stored is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var now = time.GetUtcNow().UtcDateTime;
        if (stored.LastUsedAt is not { } last || now - last > LastUsedGranularity)
        {
            await db.ApiKeys.Where(k => k.Id == stored.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        return Success(stored.Name, stored.Role, CallAccess.Claims(stored.ScopeCircuits, stored.ScopeUsers));
    }

    private static AuthenticateResult Success(string name, string role, IEnumerable<Claim> scope)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), .. scope], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(title: "Unauthorized",
            detail: "Send Authorization: Bearer <key> with an API key (an Admin makes them on the API keys page).",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: "Forbidden", detail: "This key may not do that.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
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
