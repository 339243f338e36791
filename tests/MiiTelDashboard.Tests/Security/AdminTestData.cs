using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>What the admin tests share: a signed-in user's principal as the app makes it, calls of two circuits, the audit log.</summary>
public static class AdminTestData
{
    public const string CircuitA = "0501111";
    public const string CircuitB = "0502222";

    /// <summary>The principal a user's cookie carries (the app's own claims factory), to act as them on a service.</summary>
    public static async Task<ClaimsPrincipal> PrincipalAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(user);
    }

    public static Task<ClaimsPrincipal> AdminAsync(AppFactory app) => PrincipalAsync(app, AppFactory.AdminEmail);

    /// <summary>One call in circuit A ("a-…") and one in circuit B ("b-…"), through the webhook.</summary>
    public static async Task<(string A, string B)> SeedTwoCircuitsAsync(AppFactory app)
    {
        var (a, b) = ("a-" + Guid.NewGuid().ToString("N"), "b-" + Guid.NewGuid().ToString("N"));
        using var webhook = app.WebhookClient();
        foreach (var (id, circuit) in new[] { (a, CircuitA), (b, CircuitB) })
        {
            var body = Bodies.Call(id, d => { d["circuit_number"] = circuit; d["circuit_name"] = "Circuit " + circuit; d["dial_starts_at"] = "2026-11-20T01:00:00Z"; });
            using var response = await webhook.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
            response.EnsureSuccessStatusCode();
        }
        return (a, b);
    }

    public static async Task<List<AuditEntry>> AuditAsync(AppFactory app, string? action = null)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        return await db.Audit.AsNoTracking().Where(a => action == null || a.Action == action).OrderBy(a => a.Id).ToListAsync();
    }

    public static async Task<string> StampAsync(AppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return await users.GetSecurityStampAsync((await users.FindByEmailAsync(email))!);
    }
}
