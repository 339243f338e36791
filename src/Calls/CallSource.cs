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
