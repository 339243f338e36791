using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>An API key as the keys page lists it: never the key, only its <see cref="Prefix"/>.</summary>
public sealed record ApiKeyRow(
    int Id, string Name, string Prefix, AccessGrant Access, DateTime CreatedAt, string? CreatedBy, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>
/// What an Admin does to API keys: make one (the key is shown once; only its SHA-256 and a short
/// prefix are stored, which <see cref="ApiKeyAuthenticationHandler"/> looks up) and revoke one (it
/// fails from the next request on: the handler reads the table on every request).
/// </summary>
public sealed class ApiKeyAdmin(IDbContextFactory<CallsDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    /// <summary>Every key starts so, which tells a reader (or a secret scanner) what it is.</summary>
    public const string KeyStart = "mtd_";

    /// <summary>Hex characters of the key's prefix after <see cref="KeyStart"/>: enough to tell keys apart, nothing to guess with.</summary>
    private const int PrefixHexChars = 6;

    public const int MaxNameLength = 100;

    /// <summary>A key reads calls; it never administers (Admin is for people).</summary>
    public static readonly string[] Roles = [DashboardRoles.Manager, DashboardRoles.Viewer];

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
        return keys.Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, new AccessGrant(k.Role, k.ScopeCircuits, k.ScopeUsers),
            k.CreatedAt, k.CreatedBy, k.RevokedAt, k.LastUsedAt)).ToList();
    }

    /// <summary>Makes a key; <see cref="AdminResult.Secret"/> is the key, which exists nowhere else afterwards.</summary>
    public async Task<AdminResult> CreateAsync(ClaimsPrincipal actor, string name, AccessGrant access, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length == 0) return AdminResult.Fail(Words.Get("AdminError.KeyName"));
        if (name.Length > MaxNameLength) return AdminResult.Fail(Words.Format("AdminError.KeyNameTooLong", MaxNameLength));
        access = AccessGrant.Of(access.Role, access.Circuits, access.Users);
        if (access.Problem(Roles) is { } problem) return AdminResult.Fail(problem);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
        var key = NewKey();
        var stored = new ApiKey
        {
            Name = name, Prefix = PrefixOf(key), Hash = ApiKeyAuthenticationHandler.Hash(key), Role = access.Role,
            ScopeCircuits = [.. access.Circuits], ScopeUsers = [.. access.Users],
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = actor.Identity?.Name,
        };
        db.ApiKeys.Add(stored);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditActions.ApiKeyCreated, Label(stored), access.Describe(), ct: ct);
        return AdminResult.Ok(key);
    }

    public async Task<AdminResult> RevokeAsync(ClaimsPrincipal actor, int id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.IsAdminNowAsync(actor, ct)) return AdminResult.NotAdmin;
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), ct);
        if (revoked == 0) return AdminResult.Fail(Words.Get("AdminError.KeyGone"));
        var key = await db.ApiKeys.AsNoTracking().FirstAsync(k => k.Id == id, ct);
        await audit.WriteAsync(actor, AuditActions.ApiKeyRevoked, Label(key), ct: ct);
        return AdminResult.Ok();
    }

    /// <summary>A new key: <see cref="KeyStart"/> and 160 random bits in hex (44 characters).</summary>
    public static string NewKey() => KeyStart + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    internal static string PrefixOf(string key) => key[..Math.Min(key.Length, KeyStart.Length + PrefixHexChars)];

    private static string Label(ApiKey key) => $"{key.Name} ({key.Prefix}…)";
}
