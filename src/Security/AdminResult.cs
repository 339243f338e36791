using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>
/// The outcome of an Admin's action on a user or an API key: a sentence to show when it was refused,
/// or success with the secret (a generated password or key) to show once — it is kept nowhere else.
/// </summary>
public sealed record AdminResult(string? Error, string? Secret = null)
{
    public bool Succeeded => Error is null;

    public static AdminResult Ok(string? secret = null) => new(null, secret);

    public static AdminResult Fail(string error) => new(error);

    /// <summary>Refused because the acting user is no longer an Admin (see <see cref="ActingAdmin.IsAdminNowAsync"/>).</summary>
    public static AdminResult NotAdmin => Fail(Words.Get("AdminError.NotAdmin"));
}

public static class ActingAdmin
{
    /// <summary>
    /// Whether <paramref name="actor"/> is an Admin in the database now, not only in its cookie: a
    /// page opened before its Admin role was taken keeps the old claims for up to a minute.
    /// </summary>
    public static async Task<bool> IsAdminNowAsync(this CallsDbContext db, ClaimsPrincipal actor, CancellationToken ct)
    {
        var id = actor.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return false;
        return await db.UserRoles.AnyAsync(ur => ur.UserId == id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == DashboardRoles.Admin), ct);
    }
}
