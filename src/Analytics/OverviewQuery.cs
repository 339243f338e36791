using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Components.Filters;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

public sealed record DayMetrics(DateOnly Day, Metrics Metrics);

public sealed record LatestCall(
    string DetailId, DateTime StartedAt, string? CallType, string Outcome, string? CircuitName, string? CircuitNumber,
    string? OperatorName, string? CounterpartName, string? CounterpartCompany, double DurationSeconds, double? Score, double? Tlr);

/// <summary>Everything a trend page needs for one filter and period.</summary>
public sealed record TrendData(
    DateOnly From,
    DateOnly To,
    Metrics Current,
    Metrics Previous,
    IReadOnlyList<DayMetrics> Days,
    IReadOnlyList<long> HourOfWeek,
    IReadOnlyList<long> TalkRatioBuckets,
    IReadOnlyList<LatestCall> Latest,
    bool DatabaseHasCalls)
{
    /// <summary>Talk-ratio histogram bucket width (5 percentage points).</summary>
    public const int BucketCount = 20;
}

/// <summary>
/// The overview's query set. Every figure is aggregated by SQLite (GROUP BY on the zone-shifted
/// epoch); only grouped rows and the few latest calls come back. The queries run in parallel on
/// their own contexts (WAL lets readers share the file).
/// </summary>
public sealed class OverviewQuery(IDbContextFactory<CallsDbContext> dbFactory)
{
    public const int LatestCount = 8;

    public async Task<TrendData> GetAsync(PageFilter filter, BrowserInfo browser, DateOnly today, CancellationToken ct = default)
    {
        var (from, to) = filter.Period(today);
        var previous = filter.Previous(today);
        var current = filter.ToCallFilter(browser.Zone, today);
        var both = current with { From = previous.ToCallFilter(browser.Zone, today).From };
        var shift = ZoneShift.For(browser.Zone, both.From!.Value, both.To!.Value);

        var daysTask = RunAsync(q => both.Apply(q).Aggregate(shift.LocalDay()).ToListAsync(ct), ct);
        var heatTask = RunAsync(q => current.Apply(q).GroupBy(shift.HourOfWeek()).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct), ct);
        var tlrTask = RunAsync(q => current.Apply(q).Where(d => d.Tlr != null)
            .GroupBy(d => (int)(d.Tlr!.Value * TrendData.BucketCount)).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct), ct);
        var latestTask = RunAsync(q => Latest(current.Apply(q), LatestCount).ToListAsync(ct), ct);
        var anyTask = RunAsync(q => q.AnyAsync(ct), ct);
        await Task.WhenAll(daysTask, heatTask, tlrTask, latestTask, anyTask);

        var rows = daysTask.Result.ToDictionary(r => EpochDay(r.Key));
        var previousRows = daysTask.Result.Where(r => EpochDay(r.Key) < from);
        var currentRows = daysTask.Result.Where(r => EpochDay(r.Key) >= from);
        var days = new List<DayMetrics>();
        for (var d = FirstChartedDay(from, to, currentRows.Select(r => EpochDay(r.Key))); d <= to; d = d.AddDays(1))
            days.Add(new DayMetrics(d, rows.TryGetValue(d, out var r) ? r.Metrics : Metrics.None));

        var heat = new long[7 * 24];
        foreach (var h in heatTask.Result) if (h.Key is >= 0 and < 168) heat[h.Key] = h.Count;
        var buckets = new long[TrendData.BucketCount];
        foreach (var b in tlrTask.Result) buckets[Math.Clamp(b.Key, 0, TrendData.BucketCount - 1)] += b.Count;

        return new TrendData(from, to, Metrics.From(currentRows), Metrics.From(previousRows), days, heat, buckets, latestTask.Result, anyTask.Result);
    }

    /// <summary>Periods up to this long are charted day by day from their first day, empty days included.</summary>
    public const int FullyChartedDays = 366;

    /// <summary>
    /// The first day of the per-day series. A longer period ("all time" is from=2000-01-01, which the
    /// search page links to and the app bar keeps) starts at its first day with a call: 27 years of
    /// empty days made five charts of ~10,000 points, and the overview took ~18 s to appear.
    /// </summary>
    internal static DateOnly FirstChartedDay(DateOnly from, DateOnly to, IEnumerable<DateOnly> daysWithCalls)
    {
        if (to.DayNumber - from.DayNumber < FullyChartedDays) return from;
        var first = daysWithCalls.DefaultIfEmpty(to).Min();
        return first > from ? first : from;
    }

    public static IQueryable<LatestCall> Latest(IQueryable<CallDetail> calls, int count) =>
        calls.OrderByDescending(d => d.StartedAt).Take(count).Select(d => new LatestCall(
            d.Id, d.StartedAt, d.CallType, d.Outcome, d.CircuitName, d.CircuitNumber, d.OperatorName,
            d.CounterpartName, d.CounterpartCompany, d.DurationSeconds, d.Score, d.Tlr));

    /// <summary>A local day number from <see cref="ZoneShift.LocalDay"/> as a date.</summary>
    public static DateOnly EpochDay(long day) => DateOnly.FromDayNumber(UnixEpochDayNumber + (int)day);

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private async Task<T> RunAsync<T>(Func<IQueryable<CallDetail>, Task<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db.Details.AsNoTracking());
    }
}
