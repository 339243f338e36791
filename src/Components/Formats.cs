using System.Globalization;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Components;

/// <summary>
/// How numbers and times read on the dashboard: the browser's culture and time zone, and "—" for
/// a value MiiTel did not send (never 0, which would be a claim).
/// </summary>
public sealed record Formats(BrowserInfo Browser)
{
    public const string Missing = "—";

    private CultureInfo Culture => Browser.Culture;

    public string Count(long? value) => value is { } v ? v.ToString("N0", Culture) : Missing;

    public string Number(double? value, int decimals = 1) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N" + decimals, Culture) : Missing;

    /// <summary>A 0..1 ratio as a percentage.</summary>
    public string Percent(double? ratio, int decimals = 1) =>
        ratio is { } r && double.IsFinite(r) ? (r * 100).ToString("N" + decimals, Culture) + "%" : Missing;

    /// <summary>Seconds as m:ss, or h:mm:ss from an hour up; in Japanese 3分12秒, 1時間2分3秒 (the chart module writes the same).</summary>
    public string Duration(double? seconds)
    {
        if (seconds is not { } s || !double.IsFinite(s)) return Missing;
        var t = TimeSpan.FromSeconds(Math.Round(s));
        if (Browser.Japanese)
            return t.TotalHours >= 1 ? $"{(int)t.TotalHours}時間{t.Minutes}分{t.Seconds}秒" : t.Minutes > 0 ? $"{t.Minutes}分{t.Seconds}秒" : $"{t.Seconds}秒";
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
    }

    /// <summary>A stored UTC time, shown in the browser's zone with its culture's short date and time.</summary>
    public string DateTime(DateTime utc) => Browser.ToLocal(utc).ToString("g", Culture);

    /// <summary>As <see cref="DateTime"/>, to the second: for logs, where the order of lines within a minute matters.</summary>
    public string Timestamp(DateTime utc) => Browser.ToLocal(utc).ToString("G", Culture);

    public string Time(DateTime utc) => Browser.ToLocal(utc).ToString("t", Culture);

    public string Date(DateOnly date) => date.ToString("d", Culture);

    /// <summary>A date with its weekday, for headings: 2026年11月29日(日), or Sun, Nov 29, 2026.</summary>
    public string LongDate(DateOnly date) => Browser.Japanese
        ? date.ToString("yyyy'年'M'月'd'日'(ddd)", Culture)
        : date.ToString("ddd, MMM d, yyyy", WordCulture);

    /// <summary>The date picker's title, the chosen range's ends: 10月27日(火), or Tue, Oct 27 (MudBlazor's default reads 火, 27 10月 in Japanese).</summary>
    public string PickerTitleFormat => Browser.Japanese ? "M'月'd'日'(ddd)" : "ddd, MMM d";

    /// <summary>The culture for the picker's month and weekday names: the dashboard's language.</summary>
    public CultureInfo PickerCulture => WordCulture;

    /// <summary>Abbreviated weekday names in the dashboard's language, Sunday first (DayOfWeek order).</summary>
    public IReadOnlyList<string> WeekdayNames => WordCulture.DateTimeFormat.AbbreviatedDayNames;

    // Words (weekday and month names) follow the dashboard's language, not the browser's region.
    private CultureInfo WordCulture => Languages.IsJapanese(Culture) == Browser.Japanese ? Culture : Languages.FormattingCulture(Browser.Language);

    /// <summary>Day labels for trend axes: month and day in the culture's order (11月29日 on a Japanese page, never on an English one).</summary>
    public string ShortDate(DateOnly date) =>
        date.ToString(WordCulture.DateTimeFormat.MonthDayPattern.Contains("MMMM") ? "M/d" : WordCulture.DateTimeFormat.MonthDayPattern, WordCulture);
}
