namespace MiiTelDashboard.Components.Catalog;

/// <summary>How a metric's value is written: <see cref="Fraction"/> is a 0–1 score with two decimals.</summary>
public enum MetricFormat { Count, Duration, Number, Fraction, Percent }

/// <summary>
/// One dashboard metric as people read it: its name on a KPI card, its shorter name as a table
/// column, what it means, and how its value is written. <see cref="Key"/> is its <c>sort=</c> value.
/// </summary>
public sealed record MetricInfo(string Key, string Label, string ColumnLabel, MetricFormat Format, string? Help)
{
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
    public static readonly MetricInfo Calls = new("calls", "Calls", "Calls", MetricFormat.Count, null);
    public static readonly MetricInfo Connected = new("connected", "Connected", "Connected", MetricFormat.Count, null);
    public static readonly MetricInfo Missed = new("missed", "Missed", "Missed", MetricFormat.Count, null);
    public static readonly MetricInfo Duration = new("duration", "Avg. talk time", "Avg. talk", MetricFormat.Duration, "connected calls");
    public static readonly MetricInfo Score = new("score", "Avg. score", "Score", MetricFormat.Number, "MiiTel's overall score");
    public static readonly MetricInfo TalkRatio = new("talkRatio", "Avg. talk ratio", "Talk ratio", MetricFormat.Percent, "operator's share of talk");
    public static readonly MetricInfo Overlaps = new("overlaps", "Overlaps / call", "Overlaps", MetricFormat.Number, "talking over the customer, per analysed call");
    public static readonly MetricInfo Silences = new("silences", "Silences / call", "Silences", MetricFormat.Number, "pauses of 3 s or more, per analysed call");
    public static readonly MetricInfo Positive = new("positive", "Customer positive", "Positive", MetricFormat.Fraction, "customer's emotion score 0–1");
    public static readonly MetricInfo Negative = new("negative", "Customer negative", "Negative", MetricFormat.Fraction, "customer's emotion score 0–1");

    public static readonly IReadOnlyList<MetricInfo> All = [Calls, Connected, Missed, Duration, Score, TalkRatio, Overlaps, Silences, Positive, Negative];

    /// <summary>The help text, with the benchmark band where the metric has one.</summary>
    public static string? HelpText(MetricInfo metric, Formats f) =>
        metric == TalkRatio ? $"{metric.Help}; benchmark {TalkRatioBenchmark.BandText(f)}" : metric.Help;
}
