namespace MiiTelDashboard.Components.Filters;

/// <summary>A quick period choice; it writes explicit dates so the URL says exactly what is shown.</summary>
public sealed record PeriodPreset(string Key, string Label, int Days)
{
    public PageFilter Apply(PageFilter filter, DateOnly today) =>
        Days == PageFilter.DefaultDays
            ? filter with { From = null, To = null } // the default period keeps URLs short and rolling
            : filter with { From = today.AddDays(-(Days - 1)), To = today };
}

public static class PeriodPresets
{
    public static readonly PeriodPreset Today = new("today", "Today", 1);
    public static readonly PeriodPreset Last7 = new("7d", "Last 7 days", 7);
    public static readonly PeriodPreset Last30 = new("30d", "Last 30 days", PageFilter.DefaultDays);
    public static readonly PeriodPreset Last90 = new("90d", "Last 90 days", 90);
    public static readonly IReadOnlyList<PeriodPreset> All = [Today, Last7, Last30, Last90];

    /// <summary>"Last 7 days" when the period is a preset ending today, otherwise the dates.</summary>
    public static string Describe(PageFilter filter, DateOnly today, Formats formats)
    {
        var (from, to) = filter.Period(today);
        var days = to.DayNumber - from.DayNumber + 1;
        if (to == today && All.FirstOrDefault(p => p.Days == days) is { } preset) return preset.Label;
        return from == to ? formats.Date(from) : $"{formats.Date(from)} – {formats.Date(to)}";
    }
}
