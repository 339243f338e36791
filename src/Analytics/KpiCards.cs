using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Analytics;

/// <summary>How a KPI's change is worded: a relative change for counts, points for ratios, an absolute change for small averages.</summary>
public enum DeltaStyle { Relative, PercentagePoints, Absolute, Seconds }

/// <summary>One KPI card as shown: every text already formatted for the browser.</summary>
public sealed record KpiView(string Key, string Label, string Value, string DeltaText, DeltaTone Tone, int Direction, string? Hint = null);

/// <summary>Builds the overview's KPI cards from two periods' metrics (no previous period: no deltas); names, help and formats come from <see cref="MetricCatalog"/>.</summary>
public static class KpiCards
{
    public static IReadOnlyList<KpiView> Build(Metrics now, Metrics? before, Formats f)
    {
        KpiView Card(MetricInfo metric, Polarity polarity, DeltaStyle style, string? hint = null)
        {
            var value = now.Value(metric);
            var delta = KpiDelta.Of(value, before?.Value(metric), polarity);
            return new KpiView(metric.Key, metric.Label, metric.Text(f, value), DeltaText(delta, style, f), delta.Tone, delta.Direction,
                hint ?? MetricCatalog.HelpText(metric, f));
        }

        return
        [
            Card(MetricCatalog.Calls, Polarity.Neutral, DeltaStyle.Relative),
            Card(MetricCatalog.Connected, Polarity.HigherIsBetter, DeltaStyle.Relative, now.ConnectRate is { } rate ? Words.Format("Kpi.OfCalls", f.Percent(rate)) : null),
            Card(MetricCatalog.Missed, Polarity.LowerIsBetter, DeltaStyle.Relative, now.Unanswered > 0 ? Words.Format("Kpi.Unanswered", f.Count(now.Unanswered)) : null),
            Card(MetricCatalog.Duration, Polarity.Neutral, DeltaStyle.Seconds),
            Card(MetricCatalog.Score, Polarity.HigherIsBetter, DeltaStyle.Absolute),
            Card(MetricCatalog.TalkRatio, Polarity.CloserToBandIsBetter, DeltaStyle.PercentagePoints),
            Card(MetricCatalog.Overlaps, Polarity.LowerIsBetter, DeltaStyle.Absolute),
            Card(MetricCatalog.Silences, Polarity.LowerIsBetter, DeltaStyle.Absolute),
            Card(MetricCatalog.Positive, Polarity.HigherIsBetter, DeltaStyle.Absolute),
            Card(MetricCatalog.Negative, Polarity.LowerIsBetter, DeltaStyle.Absolute),
        ];
    }

    /// <summary>"+12.5%", "−2.1 pt", "+0:15", "±0" or "—" when either period has no value.</summary>
    public static string DeltaText(KpiDelta d, DeltaStyle style, Formats f)
    {
        if (d.Absolute is not { } a) return Formats.Missing;
        if (d.Direction == 0) return "±0";
        var sign = a > 0 ? "+" : "−";
        var magnitude = Math.Abs(a);
        var text = style switch
        {
            DeltaStyle.Relative => d.Relative is { } r ? f.Percent(Math.Abs(r)) : f.Number(magnitude, 0),
            DeltaStyle.PercentagePoints => Words.Format("Kpi.Points", f.Number(magnitude * 100)),
            DeltaStyle.Seconds => f.Duration(magnitude),
            _ => f.Number(magnitude, 2),
        };
        // A change too small to show at this precision reads as none, not as "−0.00".
        return text.Any(c => char.IsDigit(c) && c != '0') ? sign + text : "±0";
    }
}
