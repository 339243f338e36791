using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The one root of every read of calls — pages, CSV, read API, search, call detail and the overview:
/// <c>db.Calls(access, filter)</c>, never <c>db.Details</c> directly. The reader's access scope and
/// the filter are applied here once, so no path can read a call its reader may not see.
/// </summary>
/// <para>
/// The hourly sums of the same calls (<see cref="CircuitHours"/>, <see cref="UserHours"/>) are read
/// here too, with the same access and filter; each answers only the filters and scopes it can
/// answer exactly, and null otherwise (the caller then aggregates <see cref="Calls"/>).
/// </para>
public static class CallSource
{
    public static IQueryable<CallDetail> Calls(this CallsDbContext db, CallAccess access, CallFilter filter) =>
        filter.Apply(access.Apply(db.Details.AsNoTracking()));

    /// <summary>
    /// The <see cref="CircuitHour"/> rows whose calls are exactly those of <c>Calls(access, filter)</c>,
    /// or null when a filter or the scope needs what they do not keep (a user, an outcome, a tag,
    /// a score, a period that does not start and end on whole UTC hours).
    /// </summary>
    public static IQueryable<CircuitHour>? CircuitHours(this CallsDbContext db, CallAccess access, CallFilter filter)
    {
        if (!WholeHours(filter) || Given(filter.User) is not null || !(access.IsEverything || access.Users.Count == 0)) return null;
        var q = Period(db.CircuitHours.AsNoTracking(), filter);
        if (!access.IsEverything)
        {
            var circuits = access.Circuits.ToArray();
            q = q.Where(h => circuits.Contains(h.CircuitNumber) || circuits.Contains(h.CircuitName));
        }
        if (Given(filter.Circuit) is { } circuit) q = q.Where(h => h.CircuitNumber == circuit || h.CircuitName == circuit);
        if (Given(filter.Type) is { } type) q = q.Where(h => h.CallType == type);
        return q;
    }

    /// <summary>As <see cref="CircuitHours"/>, per operator: no circuit or call type filter, no circuit scope.</summary>
    public static IQueryable<UserHour>? UserHours(this CallsDbContext db, CallAccess access, CallFilter filter)
    {
        if (!WholeHours(filter) || Given(filter.Circuit) is not null || Given(filter.Type) is not null
            || !(access.IsEverything || access.Circuits.Count == 0)) return null;
        var q = Period(db.UserHours.AsNoTracking(), filter);
        if (!access.IsEverything)
        {
            var users = access.Users.ToArray();
            q = q.Where(h => users.Contains(h.OperatorName) || users.Contains(h.OperatorLoginId));
        }
        if (Given(filter.User) is { } user) q = q.Where(h => h.OperatorName == user || h.OperatorLoginId == user);
        return q;
    }

    /// <summary>
    /// The operator sums of <c>Calls(access, filter)</c> as whole UTC days (<see cref="UserDay"/>) and the
    /// hours (<see cref="UserHour"/>) of the partial days at the period's two ends: the same calls, each in
    /// exactly one of the two; null where <see cref="UserHours"/> is.
    /// </summary>
    public static (IQueryable<UserDay> Days, IQueryable<UserHour> Hours)? UserDaysAndHours(this CallsDbContext db, CallAccess access, CallFilter filter)
    {
        if (db.UserHours(access, filter) is not { } hours) return null;
        // Whole days: from the first midnight at or after From to the last midnight at or before To.
        var firstDay = filter.From is { } from ? Midnight(from.AddDays(1).AddTicks(-1)) : (DateTime?)null;
        var lastDay = filter.To is { } to ? Midnight(to) : (DateTime?)null;
        if (firstDay is { } f && lastDay is { } l && f > l) lastDay = firstDay; // within one day: no whole day, the hours only
        IQueryable<UserDay> days = db.UserDays.AsNoTracking();
        if (firstDay is { } d0) { var e = Epoch(d0); days = days.Where(h => h.HourEpoch >= e); }
        if (lastDay is { } d1) { var e = Epoch(d1); days = days.Where(h => h.HourEpoch < e); }
        if (!access.IsEverything)
        {
            var users = access.Users.ToArray();
            days = days.Where(h => users.Contains(h.OperatorName) || users.Contains(h.OperatorLoginId));
        }
        if (Given(filter.User) is { } user) days = days.Where(h => h.OperatorName == user || h.OperatorLoginId == user);
        // The hours outside those days, inside the period.
        if (firstDay is { } h0 && lastDay is { } h1)
        {
            long e0 = Epoch(h0), e1 = Epoch(h1);
            hours = hours.Where(h => h.HourEpoch < e0 || h.HourEpoch >= e1);
        }
        else if (firstDay is { } only0)
        {
            var e0 = Epoch(only0);
            hours = hours.Where(h => h.HourEpoch < e0);
        }
        else if (lastDay is { } only1)
        {
            var e1 = Epoch(only1);
            hours = hours.Where(h => h.HourEpoch >= e1);
        }
        else hours = hours.Where(h => false);
        return (days, hours);
    }

    private static DateTime Midnight(DateTime utc) => new(utc.Year, utc.Month, utc.Day, 0, 0, 0, DateTimeKind.Utc);

    private static long Epoch(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeSpan.Zero).ToUnixTimeSeconds();

    // What neither table keeps; the key text "" stands for none, which no filter or scope names (both drop blanks).
    private static bool WholeHours(CallFilter f) =>
        Given(f.Outcome) is null && Given(f.Tag) is null && f.MinScore is null && f.MaxScore is null
        && (f.From is not { } from || from.Ticks % TimeSpan.TicksPerHour == 0)
        && (f.To is not { } to || to.Ticks % TimeSpan.TicksPerHour == 0);

    private static IQueryable<T> Period<T>(IQueryable<T> q, CallFilter f) where T : HourTotals
    {
        if (f.From is { } from)
        {
            var epoch = new DateTimeOffset(from, TimeSpan.Zero).ToUnixTimeSeconds();
            q = q.Where(h => h.HourEpoch >= epoch);
        }
        if (f.To is { } to)
        {
            var epoch = new DateTimeOffset(to, TimeSpan.Zero).ToUnixTimeSeconds();
            q = q.Where(h => h.HourEpoch < epoch);
        }
        return q;
    }

    private static string? Given(string? value) => CallFilter.Given(value);
}
