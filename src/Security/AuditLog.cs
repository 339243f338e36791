using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>
/// Writes the audit log: sign-ins, setup, user, role, scope and key changes, token reveals and
/// deletions. Each line is its own small commit, so a failed action still leaves its attempt on record.
/// </summary>
public sealed class AuditLog(IDbContextFactory<CallsDbContext> dbFactory, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <summary>The audit page shows at most this many lines, newest first.</summary>
    public const int PageSize = 500;

    public async Task WriteAsync(string actor, string action, string? target = null, string? detail = null, string? remoteIp = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Audit.Add(new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime, Actor = Cap(actor, 256)!, Action = action,
            Target = Cap(target, 256), Detail = Cap(detail, 1000), RemoteIp = remoteIp,
        });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Audit: {Actor} {Action} {Target}", actor, action, target);
    }

    public Task WriteAsync(ClaimsPrincipal actor, string action, string? target = null, string? detail = null, string? remoteIp = null, CancellationToken ct = default) =>
        WriteAsync(actor.Identity?.Name ?? "anonymous", action, target, detail, remoteIp, ct);

    public async Task<IReadOnlyList<AuditEntry>> LatestAsync(string? action, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Audit.AsNoTracking();
        if (!string.IsNullOrEmpty(action)) q = q.Where(a => a.Action == action);
        return await q.OrderByDescending(a => a.Id).Take(PageSize).ToListAsync(ct);
    }

    /// <summary>Every action a line can have (the constants of <see cref="AuditActions"/>, so a new one needs no second list), for the audit page's filter.</summary>
    public static IReadOnlyList<string> Actions { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();

    private static string? Cap(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
