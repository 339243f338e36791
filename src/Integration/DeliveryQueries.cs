using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Integration;

public sealed record DeliveryRow(long Id, DateTime ReceivedAt, string Result, int StatusCode, string? Reason, long SizeBytes,
    IReadOnlyList<string> DetailIds, int Stored, int Unchanged, string? RemoteIp, bool HasWarnings);

/// <summary>Deliveries per result since a moment (e.g. the last 24 hours).</summary>
public sealed record DeliveryCounts(IReadOnlyDictionary<string, int> ByResult)
{
    public int this[string result] => ByResult.TryGetValue(result, out var n) ? n : 0;
    public int Total => ByResult.Values.Sum();
}

/// <summary>The webhook's delivery log, newest first, and its counts per result (both on the ReceivedAt index).</summary>
public sealed class DeliveryQueries(IDbContextFactory<CallsDbContext> dbFactory)
{
    public async Task<IReadOnlyList<DeliveryRow>> LatestAsync(int count, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Deliveries.AsNoTracking().OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.Id).Take(count)
            .Select(d => new { d.Id, d.ReceivedAt, d.Result, d.StatusCode, d.Reason, d.SizeBytes, d.DetailIds, d.Stored, d.Unchanged, d.RemoteIp, d.WarningsJson })
            .ToListAsync(ct);
        return rows.Select(d => new DeliveryRow(d.Id, DateTime.SpecifyKind(d.ReceivedAt, DateTimeKind.Utc), d.Result, d.StatusCode, d.Reason, d.SizeBytes,
            string.IsNullOrEmpty(d.DetailIds) ? [] : d.DetailIds.Split(','), d.Stored, d.Unchanged, d.RemoteIp, d.WarningsJson is not null)).ToList();
    }

    public async Task<DeliveryCounts> CountsSinceAsync(DateTime sinceUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Deliveries.AsNoTracking().Where(d => d.ReceivedAt >= sinceUtc)
            .GroupBy(d => d.Result).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new DeliveryCounts(counts.ToDictionary(c => c.Key, c => c.Count));
    }
}

public static class IntegrationExtensions
{
    public static IHostApplicationBuilder AddIntegration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryQueries>();
        return builder;
    }
}
