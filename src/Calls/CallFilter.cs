using System.Globalization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The filter model shared by the API, the pages and search: a circuit (number or name), a
/// user (operator name or login id), a UTC time range [From, To), a call type, an outcome, a
/// tag and a score range. Empty values do not filter.
/// </summary>
public sealed record CallFilter
{
    public string? Circuit { get; init; }
    public string? User { get; init; }
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Type { get; init; }
    public string? Outcome { get; init; }
    public string? Tag { get; init; }
    public double? MinScore { get; init; }
    public double? MaxScore { get; init; }

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

    public IQueryable<CallDetail> Apply(IQueryable<CallDetail> q)
    {
        if (!string.IsNullOrWhiteSpace(Circuit)) q = q.Where(d => d.CircuitNumber == Circuit || d.CircuitName == Circuit);
        if (!string.IsNullOrWhiteSpace(User)) q = q.Where(d => d.OperatorName == User || d.OperatorLoginId == User);
        if (From is { } from) q = q.Where(d => d.StartedAt >= from);
        if (To is { } to) q = q.Where(d => d.StartedAt < to);
        if (!string.IsNullOrWhiteSpace(Type)) q = q.Where(d => d.CallType == Type);
        if (!string.IsNullOrWhiteSpace(Outcome)) q = q.Where(d => d.Outcome == Outcome);
        if (!string.IsNullOrWhiteSpace(Tag)) q = q.Where(d => d.Tags.Any(t => t.Value == Tag));
        if (MinScore is { } min) q = q.Where(d => d.Score >= min);
        if (MaxScore is { } max) q = q.Where(d => d.Score <= max);
        return q;
    }
}
