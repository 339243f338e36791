using System.Globalization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The one filter model of every read of calls: a circuit (number or name), a user (operator name
/// or login id), a UTC time range [From, To) where a missing bound is open (both missing: all
/// time), a call type, an outcome, a tag and a score range. Empty values do not filter. What a
/// filter matches is written here once, for SQL (<see cref="Apply"/>) and for a call in memory
/// (<see cref="Matches"/>); the two front doors are <see cref="FromApiQuery"/> (the read APIs, 400
/// on bad input) and <c>PageFilter</c> (the pages' URLs, bad values ignored).
/// </summary>
public sealed record CallFilter
{
    /// <summary>No filter: every call of all time.</summary>
    public static readonly CallFilter All = new();

    public string? Circuit { get; init; }
    public string? User { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Type { get; init; }
    public string? Outcome { get; init; }
    public string? Tag { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }

    /// <summary>Neither bound is set.</summary>
    public bool IsAllTime => From is null && To is null;

    /// <summary>The names a call's circuit goes by: its number and its name.</summary>
    public static IEnumerable<string> CircuitKeys(CallSummary c) => Keys(c.CircuitNumber, c.CircuitName);

    /// <summary>The names a call's user goes by: the operator's name and login id.</summary>
    public static IEnumerable<string> UserKeys(CallSummary c) => Keys(c.OperatorName, c.OperatorLoginId);

    private static IEnumerable<string> Keys(string? a, string? b)
    {
        if (!string.IsNullOrEmpty(a)) yield return a;
        if (!string.IsNullOrEmpty(b) && b != a) yield return b;
    }

    /// <summary>The calls of <paramref name="q"/> inside the filter, in SQL.</summary>
    public IQueryable<CallDetail> Apply(IQueryable<CallDetail> q)
    {
        if (Given(Circuit) is { } circuit) q = q.Where(d => d.CircuitNumber == circuit || d.CircuitName == circuit);
        if (Given(User) is { } user) q = q.Where(d => d.OperatorName == user || d.OperatorLoginId == user);
        if (From is { } from) q = q.Where(d => d.StartedAt >= from);
        if (To is { } to) q = q.Where(d => d.StartedAt < to);
        if (Given(Type) is { } type) q = q.Where(d => d.CallType == type);
        if (Given(Outcome) is { } outcome) q = q.Where(d => d.Outcome == outcome);
        if (Given(Tag) is { } tag) q = q.Where(d => d.Tags.Any(t => t.Value == tag));
        if (MinScore is { } min) q = q.Where(d => d.Score >= min);
        if (MaxScore is { } max) q = q.Where(d => d.Score <= max);
        return q;
    }

    /// <summary>Whether <paramref name="c"/> is inside the filter: the same meaning as <see cref="Apply"/>, for a call in memory (a live change).</summary>
    public bool Matches(CallSummary c) =>
        (Given(Circuit) is not { } circuit || CircuitKeys(c).Contains(circuit))
        && (Given(User) is not { } user || UserKeys(c).Contains(user))
        && (From is not { } from || c.StartedAt >= from)
        && (To is not { } to || c.StartedAt < to)
        && (Given(Type) is not { } type || c.CallType == type)
        && (Given(Outcome) is not { } outcome || c.Outcome == outcome)
        && (Given(Tag) is not { } tag || c.Tags.Contains(tag))
        && (MinScore is not { } min || c.Score >= min)
        && (MaxScore is not { } max || c.Score <= max);

    internal static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// The filter of the read APIs' query string (<c>from</c>/<c>to</c> ISO-8601, UTC unless an offset is
    /// given); what cannot be read is added to <paramref name="errors"/> for a 400 problem.
    /// </summary>
    public static CallFilter FromApiQuery(string? circuit, string? user, string? from, string? to, string? type, string? outcome, string? tag, List<string> errors)
    {
        if (outcome is { Length: > 0 } && !Outcomes.All.Contains(outcome))
            errors.Add($"outcome must be one of {string.Join(", ", Outcomes.All)}.");
        return new CallFilter
        {
            Circuit = circuit, User = user, Type = type, Outcome = outcome, Tag = tag,
            From = ParseTime(from, "from", errors),
            To = ParseTime(to, "to", errors),
        };
    }

    private static DateTime? ParseTime(string? value, string name, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.UtcDateTime;
        errors.Add($"{name} must be an ISO-8601 date or time.");
        return null;
    }
}
