using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

public enum RankBy { User, Circuit }

/// <summary>One ranked row: who (or which circuit), how to link to it, and its metrics for the period.</summary>
public sealed record RankedRow(string Key, string Label, Metrics Metrics);

public sealed record Ranking(IReadOnlyList<RankedRow> Rows, Metrics Team, bool DatabaseHasCalls);

/// <summary>
/// Users or circuits over a period: one GROUP BY in SQL — of the hourly sums (<see cref="HourTotals"/>) when they
/// answer the filter and scope, else of the calls — ranked in memory (one row per user/circuit).
/// </summary>
public sealed class RankingQuery(IDbContextFactory<CallsDbContext> dbFactory)
{
    /// <summary>Whether rankings come from the hourly sums where they can (the default); off, from the calls (the benchmarks' and tests' baseline).</summary>
    public bool UseHourTotals { get; init; } = true;

    /// <summary>The group for calls with no operator (e.g. missed calls nobody picked up).</summary>
    public const string NoUser = "(no user)";

    public async Task<Ranking> GetAsync(CallAccess access, RankBy by, PageFilter filter, BrowserInfo browser, DateOnly today, CancellationToken ct = default)
    {
        var calls = filter.ToCallFilter(browser.Zone, today);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Calls(access, calls);
        List<RankedRow> rows;
        Metrics team;
        List<MetricRow<string>> groups;
        if (by == RankBy.User)
        {
            // Grouping on COALESCE(…) rather than the bare column keeps SQLite on the covering
            // index: on the bare column it walks the (OperatorName, StartedAt) index in group
            // order and reads every row from the table, ~5× slower on 100k calls.
            groups = UseHourTotals && db.UserDaysAndHours(access, calls) is ({ } days, { } hours)
                ? [.. await days.AggregateHours(h => h.OperatorName).ToListAsync(ct), .. await hours.AggregateHours(h => h.OperatorName).ToListAsync(ct)]
                : await q.Aggregate(d => d.OperatorName ?? "").ToListAsync(ct);
            // A user may come twice (whole days and edge hours): their metrics are both rows together.
            rows = groups.GroupBy(g => g.Key).Select(g => g.Key is "" ? new RankedRow(NoUser, NoUser, Metrics.From(g)) : new RankedRow(g.Key, g.Key, Metrics.From(g))).ToList();
        }
        else
        {
            // COALESCE for the same reason as above (the (CircuitNumber, StartedAt) index).
            var hours = UseHourTotals ? db.CircuitHours(access, calls) : null;
            groups = hours is not null
                ? await hours.AggregateHours(h => h.CircuitNumber).ToListAsync(ct)
                : await q.Aggregate(d => d.CircuitNumber ?? "").ToListAsync(ct);
            var names = hours is not null
                ? await hours.Where(h => h.CircuitName != "").GroupBy(h => h.CircuitNumber)
                    .Select(g => new { g.Key, Name = g.Max(h => h.CircuitName) }).ToDictionaryAsync(x => x.Key, x => (string?)x.Name, ct)
                : await q.Where(d => d.CircuitName != null).GroupBy(d => d.CircuitNumber ?? "")
                    .Select(g => new { g.Key, Name = g.Max(d => d.CircuitName) }).ToDictionaryAsync(x => x.Key, x => x.Name, ct);
            rows = groups.Select(g =>
            {
                var number = g.Key;
                var name = names.GetValueOrDefault(number);
                var label = string.IsNullOrEmpty(name) || name == number ? number : $"{name} ({number})";
                return new RankedRow(number, label, g.Metrics);
            }).ToList();
        }
        team = Metrics.From(groups);
        var any = rows.Count > 0 || await db.Calls(access, CallFilter.All).AnyAsync(ct);
        return new Ranking(rows, team, any);
    }
}
