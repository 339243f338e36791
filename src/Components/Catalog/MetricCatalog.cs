using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Components.Catalog;

/// <summary>How a metric's value is written: <see cref="Fraction"/> is a 0–1 score with two decimals.</summary>
public enum MetricFormat { Count, Duration, Number, Fraction, Percent }

/// <summary>
/// One dashboard metric as people read it: its name on a KPI card, its shorter name as a table
/// column, what it means, and how its value is written. <see cref="Key"/> is its <c>sort=</c> value
/// and names its texts in the resources (<c>Metric.{Key}</c>, <c>.Column</c>, <c>.Help</c>).
/// </summary>
public sealed record MetricInfo(string Key, MetricFormat Format, bool HasHelp = false)
{
    public string Label => Words.Get($"Metric.{Key}");
    public string ColumnLabel => Words.Get($"Metric.{Key}.Column");
    public string? Help => HasHelp ? Words.Get($"Metric.{Key}.Help") : null;

    /// <summary>The value as text in the viewer's culture ("—" when there is none).</summary>
    public string Text(Formats f, double? value) => Format switch
    {
        MetricFormat.Count => f.Count(value is { } v ? (long)Math.Round(v) : null),
        MetricFormat.Duration => f.Duration(value),
        MetricFormat.Percent => f.Percent(value),
        MetricFormat.Fraction => f.Number(value, 2),
        _ => f.Number(value),
    };
}

/// <summary>Every metric the KPI cards and the users/circuits rankings show, in the order they show them.</summary>
public static class MetricCatalog
{
    public static readonly MetricInfo Calls = new("calls", MetricFormat.Count);
    public static readonly MetricInfo Connected = new("connected", MetricFormat.Count);
    public static readonly MetricInfo Missed = new("missed", MetricFormat.Count);
    public static readonly MetricInfo Duration = new("duration", MetricFormat.Duration, HasHelp: true);
    public static readonly MetricInfo Score = new("score", MetricFormat.Number, HasHelp: true);
    public static readonly MetricInfo TalkRatio = new("talkRatio", MetricFormat.Percent, HasHelp: true);
    public static readonly MetricInfo Overlaps = new("overlaps", MetricFormat.Number, HasHelp: true);
    public static readonly MetricInfo Silences = new("silences", MetricFormat.Number, HasHelp: true);
    public static readonly MetricInfo Positive = new("positive", MetricFormat.Fraction, HasHelp: true);
    public static readonly MetricInfo Negative = new("negative", MetricFormat.Fraction, HasHelp: true);

    public static readonly IReadOnlyList<MetricInfo> All = [Calls, Connected, Missed, Duration, Score, TalkRatio, Overlaps, Silences, Positive, Negative];

    /// <summary>The help text, with the benchmark band where the metric has one.</summary>
    public static string? HelpText(MetricInfo metric, Formats f) =>
        metric == TalkRatio ? Words.Format("Metric.talkRatio.HelpWithBand", metric.Help!, TalkRatioBenchmark.BandText(f)) : metric.Help;
}
