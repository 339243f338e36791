using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>Bound from <c>Setup</c>: the first Admin of an unattended install (a container), created at start when no user exists.</summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

/// <summary>
/// The one-time code that lets the first person create the first Admin on <c>/setup</c>. It exists
/// only while no user exists, lives in memory only (a restart prints a new one), and is compared in
/// constant time.
/// </summary>
public sealed class SetupCode
{
    private string? _code;

    public bool IsOpen => Volatile.Read(ref _code) is not null;

    internal void Open() => Volatile.Write(ref _code, Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).Insert(6, "-"));

    internal string? Current => Volatile.Read(ref _code);

    /// <summary>
    /// Takes the code if <paramref name="presented"/> is it: setup closes at once, so two people
    /// racing with the right code cannot both become the first Admin. <see cref="Reopen"/> gives it back on failure.
    /// </summary>
    public string? TryTake(string? presented)
    {
        var code = Volatile.Read(ref _code);
        if (code is null || presented is null) return null;
        var matches = CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(Normalize(presented)), System.Text.Encoding.UTF8.GetBytes(Normalize(code)));
        return matches && Interlocked.CompareExchange(ref _code, null, code) == code ? code : null;
    }

    /// <summary>Setup failed after the code was taken (e.g. a weak password): the same code works again.</summary>
    public void Reopen(string code) => Interlocked.CompareExchange(ref _code, code, null);

    private static string Normalize(string code) => code.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}

public static class FirstAdmin
{
    public const string DemoAdminEmail = "demo-admin@miitel-dashboard.local";

    /// <summary>
    /// At start, after migrations: makes sure the roles exist; then, when no user exists, creates the
    /// first Admin from <c>Setup:*</c> or opens <c>/setup</c> with a one-time code written to the log.
    /// With <c>--demo</c> a demo Admin gets a new random password, printed.
    /// </summary>
    public static async Task PrepareSignInAsync(this WebApplication app, CancellationToken ct = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in DashboardRoles.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), "create role " + role);
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FirstAdmin));
        var users = services.GetRequiredService<UserManager<DashboardUser>>();
        var audit = services.GetRequiredService<AuditLog>();
        var setup = app.Configuration.GetSection(SetupOptions.Section).Get<SetupOptions>() ?? new SetupOptions();

        var anyUser = await users.Users.AnyAsync(ct);
        if (!anyUser && !string.IsNullOrEmpty(setup.AdminEmail) && !string.IsNullOrEmpty(setup.AdminPassword))
        {
            var admin = NewUser(setup.AdminEmail, null, services.GetRequiredService<TimeProvider>());
            Check(await users.CreateAsync(admin, setup.AdminPassword), "create the first admin from Setup:AdminEmail");
            Check(await users.AddToRoleAsync(admin, DashboardRoles.Admin), "make the first admin an Admin");
            await audit.WriteAsync("system", AuditActions.Setup, setup.AdminEmail, "first Admin from configuration (Setup:AdminEmail)", ct: ct);
            logger.LogInformation("Created the first Admin {Email} from Setup:AdminEmail.", setup.AdminEmail);
            anyUser = true;
        }

        if (app.Configuration.GetValue<bool>("Demo:Enabled"))
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('/', 'x').Replace('+', 'y');
            var demo = await users.FindByEmailAsync(DemoAdminEmail);
            if (demo is null)
            {
                demo = NewUser(DemoAdminEmail, "Demo admin", services.GetRequiredService<TimeProvider>());
                Check(await users.CreateAsync(demo, password), "create the demo admin");
                Check(await users.AddToRoleAsync(demo, DashboardRoles.Admin), "make the demo admin an Admin");
            }
            else
            {
                Check(await users.RemovePasswordAsync(demo), "reset the demo admin's password");
                Check(await users.AddPasswordAsync(demo, password), "reset the demo admin's password");
            }
            // A demo database holds generated calls only; printing its password is the point of --demo.
            Console.WriteLine($"Demo: sign in as {DemoAdminEmail} with password {password}");
        }

        if (anyUser || await users.Users.AnyAsync(ct)) return;

        var code = services.GetRequiredService<SetupCode>();
        code.Open();
        logger.LogWarning("No one can sign in yet. Open /setup in a browser and enter this one-time setup code to create the first Admin: {SetupCode}", code.Current);
    }

    public static DashboardUser NewUser(string email, string? displayName, TimeProvider time) => new()
    {
        UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName, CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
