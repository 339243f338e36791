using MiiTelDashboard.Calls;
using MiiTelDashboard.Live;

namespace MiiTelDashboard.Components.Filters;

/// <summary>Whether a changed call falls inside a page's filter, with the same meaning as <see cref="CallFilter.Apply"/>.</summary>
public static class LiveMatch
{
    public static bool Matches(CallFilter f, CallChanged c)
    {
        if (!string.IsNullOrWhiteSpace(f.Circuit) && c.CircuitNumber != f.Circuit && c.CircuitName != f.Circuit) return false;
        if (!string.IsNullOrWhiteSpace(f.User) && c.OperatorName != f.User && c.OperatorLoginId != f.User) return false;
        if (f.From is { } from && c.StartedAt < from) return false;
        if (f.To is { } to && c.StartedAt >= to) return false;
        if (!string.IsNullOrWhiteSpace(f.Type) && c.CallType != f.Type) return false;
        if (!string.IsNullOrWhiteSpace(f.Outcome) && c.Outcome != f.Outcome) return false;
        if (!string.IsNullOrWhiteSpace(f.Tag) && !c.Tags.Contains(f.Tag)) return false;
        if (f.MinScore is { } min && !(c.Score >= min)) return false;
        if (f.MaxScore is { } max && !(c.Score <= max)) return false;
        return true;
    }
}
