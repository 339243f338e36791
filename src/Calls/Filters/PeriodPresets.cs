using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Calls.Filters;

/// <summary>A quick period choice; it writes explicit dates (or <c>period=all</c>) so the URL says exactly what is shown.</summary>
public sealed record PeriodPreset(string Key, int? Days)
{
    /// <summary>The resources' <c>Period.{Key}</c> in the reader's language.</summary>
    public string Label => Words.Get("Period." + Key);

    public PageFilter Apply(PageFilter filter, DateOnly today) => Days switch
    {
        null => filter with { AllTime = true, From = null, To = null },
        PageFilter.DefaultDays => filter with { AllTime = false, From = null, To = null }, // the default period keeps URLs short and rolling
        { } days => filter with { AllTime = false, From = today.AddDays(-(days - 1)), To = today },
    };
}

public static class PeriodPresets
{
    public static readonly PeriodPreset Today = new("today", 1);
    public static readonly PeriodPreset Last7 = new("7d", 7);
    public static readonly PeriodPreset Last30 = new("30d", PageFilter.DefaultDays);
    public static readonly PeriodPreset Last90 = new("90d", 90);
    public static readonly PeriodPreset AllTime = new("all", null);
    public static readonly IReadOnlyList<PeriodPreset> All = [Today, Last7, Last30, Last90, AllTime];

    /// <summary>"Last 7 days" when the period is a preset ending today (unless <paramref name="datesOnly"/>), "All time", otherwise the dates.</summary>
    public static string Describe(PageFilter filter, DateOnly today, Formats formats, bool datesOnly = false)
    {
        if (filter.AllTime) return AllTime.Label;
        var (from, to) = filter.Period(today);
        var days = filter.Days(today);
        if (!datesOnly && to == today && All.FirstOrDefault(p => p.Days == days) is { } preset) return preset.Label;
        return from == to ? formats.Date(to) : $"{formats.Date(from!.Value)} – {formats.Date(to)}";
    }
}
