using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

public sealed record DayMetrics(DateOnly Day, Metrics Metrics);

/// <summary>Everything a trend page needs for one filter and period; <paramref name="Previous"/> is null for all time, which has no period before it.</summary>
public sealed record TrendData(
    DateOnly From,
    DateOnly To,
    Metrics Current,
    Metrics? Previous,
    IReadOnlyList<DayMetrics> Days,
    IReadOnlyList<long> HourOfWeek,
    IReadOnlyList<long> TalkRatioBuckets,
    IReadOnlyList<CallSummary> Latest,
    bool DatabaseHasCalls)
{
    /// <summary>Talk-ratio histogram bucket width (5 percentage points).</summary>
    public const int BucketCount = 20;
}

/// <summary>
/// The overview's query set. Every figure is aggregated in SQL (GROUP BY on the zone-shifted
/// epoch): of the hourly sums (<see cref="HourTotals"/>) when they answer the filter, scope and zone
/// exactly, else of the calls; only grouped rows and the few latest calls come back. The queries
/// run in parallel on their own contexts (WAL lets readers share the file).
/// </summary>
public sealed class OverviewQuery(IDbContextFactory<CallsDbContext> dbFactory)
{
    public const int LatestCount = 8;

    /// <summary>Whether figures come from the hourly sums where they can (the default); off, every figure is aggregated from the calls (the benchmarks' and tests' baseline).</summary>
    public bool UseHourTotals { get; init; } = true;

    public async Task<TrendData> GetAsync(CallAccess access, PageFilter filter, BrowserInfo browser, DateOnly today, CancellationToken ct = default)
    {
        var (from, to) = filter.Period(today);
        var current = filter.ToCallFilter(browser.Zone, today);
        // The daily aggregate covers the previous period too, for the KPI deltas; all time has none.
        var previous = filter.Previous(today)?.ToCallFilter(browser.Zone, today);
        var both = previous is null ? current : current with { From = previous.From };
        var (first, last) = both.IsAllTime ? await RunAsync(db => SpanAsync(db, access, ct), ct) : (both.From, both.To);
        var shift = ZoneShift.For(browser.Zone, first ?? DateTime.UnixEpoch, last ?? DateTime.UnixEpoch);

        var (daysTask, heatTask, tlrTask) = await HourSumsAsync(access, both, current, shift, ct) ?? (
            RunAsync(db => db.Calls(access, both).Aggregate(shift.LocalDay()).ToListAsync(ct), ct),
            RunAsync(async db => (await db.Calls(access, current).GroupBy(shift.HourOfWeek()).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct))
                .Select(h => (h.Key, h.Count)).ToList(), ct),
            RunAsync(async db => await TlrHistogramAsync(db.Calls(access, current), ct), ct));
        var latestTask = RunAsync(db => db.Calls(access, current).OrderByDescending(d => d.StartedAt).Take(LatestCount).Select(CallSummary.Project).ToListAsync(ct), ct);
        var anyTask = RunAsync(db => db.Calls(access, CallFilter.All).AnyAsync(ct), ct);
        await Task.WhenAll(daysTask, heatTask, tlrTask, latestTask, anyTask);

        // A day may come as several rows (its hours, from the sums): each day's metrics are all of its rows.
        var rows = daysTask.Result.GroupBy(r => EpochDay(r.Key)).ToDictionary(g => g.Key, g => Metrics.From(g));
        var firstDay = from ?? rows.Keys.DefaultIfEmpty(to).Min();
        var previousRows = daysTask.Result.Where(r => EpochDay(r.Key) < firstDay);
        var currentRows = daysTask.Result.Where(r => EpochDay(r.Key) >= firstDay);
        var days = new List<DayMetrics>();
        for (var d = FirstChartedDay(firstDay, to, currentRows.Select(r => EpochDay(r.Key))); d <= to; d = d.AddDays(1))
            days.Add(new DayMetrics(d, rows.GetValueOrDefault(d, Metrics.None)));

        var heat = new long[7 * 24];
        foreach (var (key, count) in heatTask.Result) if (key is >= 0 and < 168) heat[key] = count;
        var buckets = tlrTask.Result;

        return new TrendData(firstDay, to, Metrics.From(currentRows), previous is null ? null : Metrics.From(previousRows),
            days, heat, buckets, latestTask.Result, anyTask.Result);
    }

    /// <summary>
    /// The per-day, hour-of-week and talk-ratio figures from the hourly sums (<see cref="HourTotals"/>),
    /// when they answer this filter, scope and time zone exactly; null otherwise.
    /// </summary>
    private async Task<(Task<List<MetricRow<long>>>, Task<List<(long, long)>>, Task<long[]>)?> HourSumsAsync(
        CallAccess access, CallFilter both, CallFilter current, ZoneShift shift, CancellationToken ct)
    {
        if (!UseHourTotals || !shift.WholeHours) return null;
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        if (probe.CircuitHours(access, both) is not null)
            return FromHours(RunAsync(db => PerHourAsync(db.CircuitHours(access, both)!, ct), ct), current, shift);
        if (probe.UserHours(access, both) is not null)
            return FromHours(RunAsync(db => PerHourAsync(db.UserHours(access, both)!, ct), ct), current, shift);
        return null;
    }

    private sealed record HourSums(MetricRow<long> Row, long[] Tlr);

    /// <summary>One row per UTC hour of the period (both periods): a few thousand rows, whatever the number of calls.</summary>
    private static Task<List<HourSums>> PerHourAsync<T>(IQueryable<T> hours, CancellationToken ct) where T : HourTotals =>
        hours.GroupBy(h => h.HourEpoch).Select(g => new HourSums(
            new MetricRow<long>
            {
                Key = g.Key,
                Calls = g.Sum(h => h.Calls),
                Connected = g.Sum(h => h.Connected),
                Missed = g.Sum(h => h.Missed),
                Unanswered = g.Sum(h => h.Unanswered),
                DurationSum = g.Sum(h => h.DurationSum),
                ScoreSum = g.Sum(h => h.ScoreSum),
                ScoreCount = g.Sum(h => h.ScoreCount),
                TlrSum = g.Sum(h => h.TlrSum),
                TlrCount = g.Sum(h => h.TlrCount),
                OverlapSum = g.Sum(h => h.OverlapSum),
                OverlapCount = g.Sum(h => h.OverlapCount),
                SilenceSum = g.Sum(h => h.SilenceSum),
                SilenceCount = g.Sum(h => h.SilenceCount),
                PositiveSum = g.Sum(h => h.PositiveSum),
                PositiveCount = g.Sum(h => h.PositiveCount),
                NegativeSum = g.Sum(h => h.NegativeSum),
                NegativeCount = g.Sum(h => h.NegativeCount),
            },
            new[]
            {
                g.Sum(h => h.Tlr00), g.Sum(h => h.Tlr01), g.Sum(h => h.Tlr02), g.Sum(h => h.Tlr03), g.Sum(h => h.Tlr04),
                g.Sum(h => h.Tlr05), g.Sum(h => h.Tlr06), g.Sum(h => h.Tlr07), g.Sum(h => h.Tlr08), g.Sum(h => h.Tlr09),
                g.Sum(h => h.Tlr10), g.Sum(h => h.Tlr11), g.Sum(h => h.Tlr12), g.Sum(h => h.Tlr13), g.Sum(h => h.Tlr14),
                g.Sum(h => h.Tlr15), g.Sum(h => h.Tlr16), g.Sum(h => h.Tlr17), g.Sum(h => h.Tlr18), g.Sum(h => h.Tlr19),
            })).ToListAsync(ct);

    /// <summary>
    /// Days, hour-of-week cells and talk-ratio buckets out of the per-hour rows, in the browser's zone: one scan of
    /// the sums for all three (three GROUP BYs over them took about twice as long at 1M calls).
    /// </summary>
    private static (Task<List<MetricRow<long>>>, Task<List<(long, long)>>, Task<long[]>) FromHours(Task<List<HourSums>> perHour, CallFilter current, ZoneShift shift)
    {
        var currentFrom = current.From is { } from ? new DateTimeOffset(from, TimeSpan.Zero).ToUnixTimeSeconds() : long.MinValue;
        async Task<List<MetricRow<long>>> Days() => (await perHour).Select(h => h.Row with { Key = shift.ToLocal(h.Row.Key) / ZoneShift.SecondsPerDay }).ToList();
        async Task<List<(long, long)>> Heat() => (await perHour).Where(h => h.Row.Key >= currentFrom)
            .GroupBy(h => ZoneShift.HourOfWeekOf(shift.ToLocal(h.Row.Key)))
            .Select(g => (g.Key, g.Sum(h => h.Row.Calls))).ToList();
        async Task<long[]> Tlr()
        {
            var buckets = new long[TrendData.BucketCount];
            foreach (var h in (await perHour).Where(h => h.Row.Key >= currentFrom))
                for (var b = 0; b < buckets.Length; b++) buckets[b] += h.Tlr[b];
            return buckets;
        }
        return (Days(), Heat(), Tlr());
    }

    /// <summary>Calls per talk-ratio bucket, from the calls themselves: the bucket <see cref="HourTotals.TlrBucket"/> computes.</summary>
    private static async Task<long[]> TlrHistogramAsync(IQueryable<CallDetail> calls, CancellationToken ct)
    {
        var buckets = new long[TrendData.BucketCount];
        // Math.Floor: a cast to int rounds on PostgreSQL and truncates on SQLite.
        var rows = await calls.Where(d => d.Tlr != null).GroupBy(d => Math.Floor(d.Tlr!.Value * TrendData.BucketCount))
            .Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        foreach (var b in rows) buckets[(int)Math.Clamp(b.Key, 0, TrendData.BucketCount - 1)] += b.Count;
        return buckets;
    }

    /// <summary>The first and last call's start (two index seeks), which bound "all time".</summary>
    private static async Task<(DateTime? First, DateTime? Last)> SpanAsync(CallsDbContext db, CallAccess access, CancellationToken ct)
    {
        var calls = db.Calls(access, CallFilter.All);
        return (await calls.MinAsync(d => (DateTime?)d.StartedAt, ct), await calls.MaxAsync(d => (DateTime?)d.StartedAt, ct));
    }

    /// <summary>Periods up to this long are charted day by day from their first day, empty days included.</summary>
    public const int FullyChartedDays = 366;

    /// <summary>
    /// The first day of the per-day series. A longer period (a long custom range) starts at its first
    /// day with a call: 27 years of empty days made five charts of ~10,000 points, and the overview
    /// took ~18 s to appear.
    /// </summary>
    internal static DateOnly FirstChartedDay(DateOnly from, DateOnly to, IEnumerable<DateOnly> daysWithCalls)
    {
        if (to.DayNumber - from.DayNumber < FullyChartedDays) return from;
        var first = daysWithCalls.DefaultIfEmpty(to).Min();
        return first > from ? first : from;
    }

    /// <summary>A local day number from <see cref="ZoneShift.LocalDay"/> as a date.</summary>
    public static DateOnly EpochDay(long day) => DateOnly.FromDayNumber(UnixEpochDayNumber + (int)day);

    private static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    private async Task<T> RunAsync<T>(Func<CallsDbContext, Task<T>> query, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await query(db);
    }
}
