using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>Bound from <c>SignIn</c>: how many failed sign-ins an address may make per window before it must wait.</summary>
public sealed class SignInOptions
{
    public const string Section = "SignIn";

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int FailuresPerAddress { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}

public static class SecurityExtensions
{
    /// <summary>Policy of the read API and the calls hub: an API key.</summary>
    public const string ReadApiPolicy = CallAccess.ReadApiPolicy;

    /// <summary>Policy of the admin pages.</summary>
    public const string AdminPolicy = "Admin";

    /// <summary>The keyed <see cref="FailureThrottle"/> of failed sign-ins, per client address.</summary>
    public const string SignInThrottleKey = "sign-in";

    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";

    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.Keys.All(k => k.Length >= ApiOptions.MinKeyLength),
                $"Every key in Api:Keys must be at least {ApiOptions.MinKeyLength} characters long (a short key can be guessed).")
            .ValidateOnStart();
        services.AddOptions<SetupOptions>().BindConfiguration(SetupOptions.Section);
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.AddIdentityCore<DashboardUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B): a long passphrase is strong without symbols.
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CallsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DashboardClaimsFactory>()
            .AddErrorDescriber<DashboardIdentityErrors>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "miitel.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = LoginPath;
            o.LogoutPath = LogoutPath;
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.SlidingExpiration = true;
            // Scripts and the Blazor connection get a status, not a sign-in page they cannot show.
            o.Events.OnRedirectToLogin = ctx => NotForPages(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => NotForPages(ctx, StatusCodes.Status403Forbidden);
        });
        // A changed role, scope or password, or a deleted user, signs the old cookies out within a minute.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = RevalidatingAuthenticationState.Interval;
            o.TimeProvider = TimeProvider.System;
        });
        // Cookies expire by the browser's real clock: the app's TimeProvider may be shifted (Clock:StartAt, for demos
        // and tests), and a cookie dated in a shifted past would be dropped by the browser at once.
        services.PostConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(o => o.TimeProvider = TimeProvider.System);

        services.AddAuthorizationBuilder()
            // Every endpoint without its own rule needs a signed-in user: a new page is protected by default.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(ReadApiPolicy, p => p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.RequireRole(DashboardRoles.Admin));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();

        // Keys that sign cookies and antiforgery tokens, kept beside the database so a restart signs nobody out.
        services.AddDataProtection().SetApplicationName("MiiTelDashboard");
        services.AddOptions<KeyManagementOptions>().Configure<DataFolder, ILoggerFactory>((o, folder, loggers) =>
            o.XmlRepository = new FileSystemXmlRepository(KeysDirectory(folder), loggers));

        services.AddSingleton<SetupCode>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserAdmin>();
        services.AddSingleton<ApiKeyAdmin>();
        services.AddKeyedSingleton(SignInThrottleKey, (sp, _) =>
        {
            var o = sp.GetRequiredService<IOptions<SignInOptions>>().Value;
            return new FailureThrottle(o.FailuresPerAddress, o.Window);
        });
        return builder;
    }

    /// <summary>Sign-out (POST with the antiforgery token, from the app bar's menu).</summary>
    public static IEndpointRouteBuilder MapSecurity(this IEndpointRouteBuilder app)
    {
        app.MapPost(LogoutPath, async (HttpContext context, SignInManager<DashboardUser> signIn, AuditLog audit, IAntiforgery antiforgery) =>
        {
            // No form field is bound, so the framework would not check the token: a page on another
            // site could sign a manager out. Checked here instead.
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid form",
                    detail: "The form's antiforgery token is missing or wrong: reload the page and sign out again.");
            await audit.WriteAsync(context.User, AuditActions.SignOut, remoteIp: context.Connection.RemoteIpAddress?.ToString());
            await signIn.SignOutAsync();
            return Results.LocalRedirect(LoginPath);
        }).DisableAntiforgery();
        return app;
    }

    private static DirectoryInfo KeysDirectory(DataFolder folder)
    {
        var path = folder.Combine("keys");
        DataExtensions.CreateOwnerOnlyDirectory(path);
        return new DirectoryInfo(path);
    }

    private static Task NotForPages(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
