using System.Linq.Expressions;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

/// <summary>
/// Turns <see cref="CallDetail.StartedAtEpoch"/> (UTC seconds) into "local seconds" in SQL, so
/// days and hours are grouped in the browser's zone. The offset is piecewise over the queried
/// range: a daylight-saving change inside the range moves the offset at the right instant
/// instead of shifting a whole period by an hour.
/// </summary>
public sealed class ZoneShift
{
    public const long SecondsPerDay = 86_400;
    public const long SecondsPerHour = 3_600;

    /// <summary>Offsets in force from each UTC epoch second on; the first applies before any later one.</summary>
    public IReadOnlyList<(long FromEpoch, int OffsetSeconds)> Segments { get; }

    private ZoneShift(IReadOnlyList<(long, int)> segments) => Segments = segments;

    public static ZoneShift For(TimeZoneInfo zone, DateTime fromUtc, DateTime toUtc)
    {
        var from = new DateTimeOffset(fromUtc, TimeSpan.Zero).ToUnixTimeSeconds();
        var to = new DateTimeOffset(toUtc, TimeSpan.Zero).ToUnixTimeSeconds();
        var segments = new List<(long, int)> { (long.MinValue, Offset(zone, from)) };
        // Zones change offset at most a few times a year and never twice within 6 hours.
        const long step = 6 * SecondsPerHour;
        for (var t = from; t < to; t += step)
        {
            var next = Math.Min(t + step, to);
            if (Offset(zone, next) == segments[^1].Item2) continue;
            long lo = t, hi = next; // offset(lo) = previous, offset(hi) = new: find the first second of the new one
            while (hi - lo > 1)
            {
                var mid = lo + (hi - lo) / 2;
                if (Offset(zone, mid) == segments[^1].Item2) lo = mid; else hi = mid;
            }
            segments.Add((hi, Offset(zone, hi)));
        }
        return new ZoneShift(segments);
    }

    public static ZoneShift Fixed(int offsetSeconds) => new([(long.MinValue, offsetSeconds)]);

    public long ToLocal(long epoch)
    {
        var offset = Segments[0].OffsetSeconds;
        foreach (var (start, o) in Segments) if (epoch >= start) offset = o;
        return epoch + offset;
    }

    /// <summary>
    /// Whether every offset, and every instant it changes, falls on a whole hour: then a UTC hour is
    /// one local hour, and hourly sums (<see cref="HourTotals"/>) group into local days and hours exactly.
    /// </summary>
    public bool WholeHours => Segments.All(s => s.OffsetSeconds % SecondsPerHour == 0 && (s.FromEpoch == long.MinValue || s.FromEpoch % SecondsPerHour == 0));

    /// <summary><c>d =&gt; d.StartedAtEpoch + offset(d.StartedAtEpoch)</c>, as an expression EF turns into SQL (a CASE when the offset changes).</summary>
    public Expression<Func<CallDetail, long>> LocalEpoch() => Build(CallStart, local => local);

    /// <summary>Local day number (days since 1970-01-01 local).</summary>
    public Expression<Func<CallDetail, long>> LocalDay() => Build(CallStart, local => Expression.Divide(local, Expression.Constant(SecondsPerDay)));

    /// <summary>Hour-of-week slot 0..167: weekday (0 = Sunday) × 24 + hour.</summary>
    public Expression<Func<CallDetail, long>> HourOfWeek() => Build(CallStart, local =>
    {
        var hour = Expression.Modulo(Expression.Divide(local, Expression.Constant(SecondsPerHour)), Expression.Constant(24L));
        // 1970-01-01 was a Thursday (weekday 4 with Sunday = 0).
        var weekday = Expression.Modulo(Expression.Add(Expression.Divide(local, Expression.Constant(SecondsPerDay)), Expression.Constant(4L)), Expression.Constant(7L));
        return Expression.Add(Expression.Multiply(weekday, Expression.Constant(24L)), hour);
    });

    /// <summary>The hour-of-week slot of local epoch seconds, as <see cref="HourOfWeek"/> computes it in SQL.</summary>
    public static long HourOfWeekOf(long local) => ((local / SecondsPerDay) + 4) % 7 * 24 + (local / SecondsPerHour) % 24;

    private static readonly Expression<Func<CallDetail, long>> CallStart = d => d.StartedAtEpoch;

    private Expression<Func<CallDetail, long>> Build(Expression<Func<CallDetail, long>> epochOf, Func<Expression, Expression> shape)
    {
        var epoch = epochOf.Body;
        Expression offset = Expression.Constant((long)Segments[0].OffsetSeconds);
        foreach (var (start, o) in Segments.Skip(1))
            offset = Expression.Condition(Expression.GreaterThanOrEqual(epoch, Expression.Constant(start)), Expression.Constant((long)o), offset);
        return Expression.Lambda<Func<CallDetail, long>>(shape(Expression.Add(epoch, offset)), epochOf.Parameters);
    }

    private static int Offset(TimeZoneInfo zone, long epoch) => (int)zone.GetUtcOffset(DateTimeOffset.FromUnixTimeSeconds(epoch)).TotalSeconds;
}
