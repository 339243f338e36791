using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>A user as the users page lists them; <see cref="LockedUntil"/> is set only while a lockout lasts.</summary>
public sealed record UserRow(string Id, string Email, string? DisplayName, AccessGrant Access, DateTimeOffset? LockedUntil, DateTime CreatedAt);

/// <summary>A user to create; without a <see cref="Password"/> a strong one is generated and shown once.</summary>
public sealed record NewUserRequest(string Email, string? DisplayName, AccessGrant Access, string? Password = null);

/// <summary>
/// What an Admin does to users: create, change role, scope and display name, reset a password,
/// unlock, delete. Each operation takes its own scope (UserManager and its DbContext are not
/// thread-safe and a page's circuit lives for hours), runs in one transaction, changes the user's
/// security stamp when what their sessions may do changes (their other sessions re-check within a
/// minute), and writes the audit log — never a password.
/// </summary>
public sealed class UserAdmin(IServiceScopeFactory scopes, IDbContextFactory<CallsDbContext> dbFactory, AuditLog audit, TimeProvider time) : IDisposable
{
    public const int MaxDisplayNameLength = 100;

    // "Another Admin remains" must still hold when the change is saved: two Admins demoting each
    // other at once could otherwise leave none. One process owns the database, so a gate suffices.
    private readonly SemaphoreSlim _adminGate = new(1, 1);

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        var roleOf = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name).OfType<string>().Order(StringComparer.Ordinal).First());
        var users = await db.Users.AsNoTracking().ToListAsync(ct);
        // Identity (ASP.NET Core 10) sets and checks lockouts by the system clock, not the app's
        // TimeProvider; with Clock:StartAt (demo, tests) the two differ by days.
        var now = TimeProvider.System.GetUtcNow();
        return users
            .Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? "", u.DisplayName,
                new AccessGrant(roleOf.GetValueOrDefault(u.Id, ""), u.ScopeCircuits, u.ScopeUsers),
                u.LockoutEnd is { } end && end > now ? end : null, u.CreatedAt))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public async Task<AdminResult> CreateAsync(ClaimsPrincipal actor, NewUserRequest request, CancellationToken ct)
    {
        var access = AccessGrant.Of(request.Access.Role, request.Access.Circuits, request.Access.Users);
        if (access.Problem(DashboardRoles.All) is { } problem) return AdminResult.Fail(problem);
        if (CleanName(request.DisplayName, out var displayName) is { } nameProblem) return AdminResult.Fail(nameProblem);
        var email = request.Email.Trim();
        var generated = string.IsNullOrEmpty(request.Password);
        var password = generated ? NewPassword() : request.Password!;

        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var user = FirstAdmin.NewUser(email, displayName, time);
            user.ScopeCircuits = [.. access.Circuits];
            user.ScopeUsers = [.. access.Users];
            if (Refused(await users.CreateAsync(user, password)) is { } created) return created;
            if (Refused(await users.AddToRoleAsync(user, access.Role)) is { } role) return role;
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync(actor, AuditActions.UserCreated, email,
            $"{access.Describe()}; password {(generated ? "generated" : "typed by the Admin")}", ct: ct);
        return AdminResult.Ok(generated ? password : null);
    }

    /// <summary>Sets a user's role, scope and display name. An Admin cannot demote themself, and the last Admin stays one.</summary>
    public async Task<AdminResult> ChangeAsync(ClaimsPrincipal actor, string userId, string? displayName, AccessGrant access, CancellationToken ct)
    {
        access = AccessGrant.Of(access.Role, access.Circuits, access.Users);
        if (access.Problem(DashboardRoles.All) is { } problem) return AdminResult.Fail(problem);
        if (CleanName(displayName, out var name) is { } nameProblem) return AdminResult.Fail(nameProblem);

        await _adminGate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var (db, users) = Services(scope);
            if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
            if (await users.FindByIdAsync(userId) is not { } user) return Gone;
            var roles = await users.GetRolesAsync(user);
            var before = new AccessGrant(roles.Order(StringComparer.Ordinal).FirstOrDefault() ?? "", user.ScopeCircuits, user.ScopeUsers);
            if (before.Role == DashboardRoles.Admin && access.Role != DashboardRoles.Admin
                && await KeepsAdminAsync(users, actor, user, "AdminError.SelfDemote") is { } kept)
                return kept;

            var changes = Changes(user.DisplayName, before, name, access);
            if (changes.Count == 0) return AdminResult.Ok();
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                user.DisplayName = name;
                user.ScopeCircuits = [.. access.Circuits];
                user.ScopeUsers = [.. access.Users];
                if (before.Role != access.Role)
                {
                    if (Refused(await users.RemoveFromRolesAsync(user, roles)) is { } removed) return removed;
                    if (Refused(await users.AddToRoleAsync(user, access.Role)) is { } added) return added;
                }
                // A new display name alone changes nothing a session may do: the user (maybe the Admin
                // editing themself) stays signed in.
                var saved = before.SameAs(access) ? await users.UpdateAsync(user) : await users.UpdateSecurityStampAsync(user);
                if (Refused(saved) is { } refused) return refused;
                await tx.CommitAsync(ct);
            }
            await audit.WriteAsync(actor, AuditActions.UserChanged, user.Email, string.Join("; ", changes), ct: ct);
            return AdminResult.Ok();
        }
        finally
        {
            _adminGate.Release();
        }
    }

    /// <summary>Gives a user a new generated password (shown once) and ends a lockout; their sessions end within a minute.</summary>
    public async Task<AdminResult> ResetPasswordAsync(ClaimsPrincipal actor, string userId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
        if (await users.FindByIdAsync(userId) is not { } user) return Gone;
        if (users.GetUserId(actor) == user.Id)
            return AdminResult.Fail(Words.Get("AdminError.OwnPassword"));

        var password = NewPassword();
        var wasLocked = await users.IsLockedOutAsync(user);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // ResetPasswordAsync also changes the security stamp.
            if (Refused(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password)) is { } refused) return refused;
            if (Refused(await users.SetLockoutEndDateAsync(user, null)) is { } unlock) return unlock;
            if (Refused(await users.ResetAccessFailedCountAsync(user)) is { } count) return count;
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync(actor, AuditActions.PasswordReset, user.Email,
            wasLocked ? "new generated password; lockout ended" : "new generated password", ct: ct);
        return AdminResult.Ok(password);
    }

    /// <summary>
    /// Ends a lockout. The security stamp stays: unlocking lets the user sign in again and changes
    /// nothing an open session may do.
    /// </summary>
    public async Task<AdminResult> UnlockAsync(ClaimsPrincipal actor, string userId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (db, users) = Services(scope);
        if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
        if (await users.FindByIdAsync(userId) is not { } user) return Gone;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (Refused(await users.SetLockoutEndDateAsync(user, null)) is { } unlock) return unlock;
            if (Refused(await users.ResetAccessFailedCountAsync(user)) is { } count) return count;
            await tx.CommitAsync(ct);
        }
        await audit.WriteAsync(actor, AuditActions.UserChanged, user.Email, "unlocked", ct: ct);
        return AdminResult.Ok();
    }

    /// <summary>Deletes a user (their sessions end within a minute). An Admin cannot delete themself, and the last Admin stays.</summary>
    public async Task<AdminResult> DeleteAsync(ClaimsPrincipal actor, string userId, CancellationToken ct)
    {
        await _adminGate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var (db, users) = Services(scope);
            if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
            if (await users.FindByIdAsync(userId) is not { } user) return Gone;
            var role = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
            if (role == DashboardRoles.Admin && await KeepsAdminAsync(users, actor, user, "AdminError.SelfDelete") is { } kept) return kept;

            if (Refused(await users.DeleteAsync(user)) is { } refused) return refused;
            await audit.WriteAsync(actor, AuditActions.UserDeleted, user.Email,
                new AccessGrant(role, user.ScopeCircuits, user.ScopeUsers).Describe(), ct: ct);
            return AdminResult.Ok();
        }
        finally
        {
            _adminGate.Release();
        }
    }

    public void Dispose() => _adminGate.Dispose();

    /// <summary>
    /// A password for someone to type once and then change: 20 characters from 32 that cannot be
    /// mistaken for each other (100 bits), in groups of five.
    /// </summary>
    public static string NewPassword() =>
        string.Join('-', RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 20).Chunk(5).Select(c => new string(c)));

    /// <summary>What a change changes, as the audit log says it; empty when nothing does.</summary>
    internal static List<string> Changes(string? nameBefore, AccessGrant before, string? nameAfter, AccessGrant after)
    {
        var changes = new List<string>();
        if (before.Role != after.Role) changes.Add($"role {(before.Role.Length > 0 ? before.Role : "none")} → {after.Role}");
        if (!before.Circuits.SequenceEqual(after.Circuits, StringComparer.Ordinal)) changes.Add($"circuits {Items(before.Circuits)} → {Items(after.Circuits)}");
        if (!before.Users.SequenceEqual(after.Users, StringComparer.Ordinal)) changes.Add($"users {Items(before.Users)} → {Items(after.Users)}");
        if ((nameBefore ?? "") != (nameAfter ?? "")) changes.Add($"display name \"{nameBefore}\" → \"{nameAfter}\"");
        return changes;

        static string Items(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
    }

    /// <summary>Why an Admin must stay one: the last (said first, as the sole Admin meets it on themself), or the actor's own account.</summary>
    /// <remarks><paramref name="refusal"/> is the resource key of what the actor may not do to themself.</remarks>
    private static async Task<AdminResult?> KeepsAdminAsync(UserManager<DashboardUser> users, ClaimsPrincipal actor, DashboardUser user, string refusal)
    {
        if ((await users.GetUsersInRoleAsync(DashboardRoles.Admin)).Count <= 1)
            return AdminResult.Fail(Words.Format("AdminError.LastAdmin", user.Email ?? ""));
        if (users.GetUserId(actor) == user.Id) return AdminResult.Fail(Words.Get(refusal));
        return null;
    }

    // A property, not a field: the message is in the language of whoever reads it.
    private static AdminResult Gone => AdminResult.Fail(Words.Get("AdminError.UserGone"));

    private static (CallsDbContext Db, UserManager<DashboardUser> Users) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<CallsDbContext>(), scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>());

    private static AdminResult? Refused(IdentityResult result) =>
        result.Succeeded ? null : AdminResult.Fail(string.Join(" ", result.Errors.Select(e => e.Description).Distinct()));

    private static string? CleanName(string? value, out string? name)
    {
        name = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return name is { Length: > MaxDisplayNameLength } ? Words.Format("AdminError.NameTooLong", MaxDisplayNameLength) : null;
    }
}
