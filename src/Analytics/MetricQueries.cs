using System.Linq.Expressions;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

/// <summary>The one GROUP BY that every metric table and trend is made of: sums and counts per key, computed by SQLite.</summary>
public static class MetricQueries
{
    public static IQueryable<MetricRow<TKey>> Aggregate<TKey>(this IQueryable<CallDetail> calls, Expression<Func<CallDetail, TKey>> key) =>
        calls.GroupBy(key).Select(g => new MetricRow<TKey>
        {
            Key = g.Key,
            Calls = g.LongCount(),
            Connected = g.LongCount(d => d.Outcome == Outcomes.Connected),
            Missed = g.LongCount(d => d.Outcome == Outcomes.Missed),
            Unanswered = g.LongCount(d => d.Outcome == Outcomes.Unanswered),
            DurationSum = g.Sum(d => d.Outcome == Outcomes.Connected ? d.DurationSeconds : 0),
            ScoreSum = g.Sum(d => d.Score ?? 0),
            ScoreCount = g.LongCount(d => d.Score != null),
            TlrSum = g.Sum(d => d.Tlr ?? 0),
            TlrCount = g.LongCount(d => d.Tlr != null),
            OverlapSum = g.Sum(d => (double)(d.OverlapCount ?? 0)),
            OverlapCount = g.LongCount(d => d.OverlapCount != null),
            SilenceSum = g.Sum(d => (double)(d.SilenceCount ?? 0)),
            SilenceCount = g.LongCount(d => d.SilenceCount != null),
            PositiveSum = g.Sum(d => d.CustomerPositive ?? 0),
            PositiveCount = g.LongCount(d => d.CustomerPositive != null),
            NegativeSum = g.Sum(d => d.CustomerNegative ?? 0),
            NegativeCount = g.LongCount(d => d.CustomerNegative != null),
        });

    /// <summary>The same rows from hourly sums (<see cref="HourTotals"/>): sums of their sums, equal to <see cref="Aggregate"/> over their calls.</summary>
    public static IQueryable<MetricRow<TKey>> AggregateHours<T, TKey>(this IQueryable<T> hours, Expression<Func<T, TKey>> key) where T : HourTotals =>
        hours.GroupBy(key).Select(g => new MetricRow<TKey>
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
        });
}
