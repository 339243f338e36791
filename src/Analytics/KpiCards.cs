using MiiTelDashboard.Components;

namespace MiiTelDashboard.Analytics;

/// <summary>How a KPI's change is worded: a relative change for counts, points for ratios, an absolute change for small averages.</summary>
public enum DeltaStyle { Relative, PercentagePoints, Absolute, Seconds }

/// <summary>One KPI card as shown: every text already formatted for the browser.</summary>
public sealed record KpiView(string Key, string Label, string Value, string DeltaText, DeltaTone Tone, int Direction, string? Hint = null);

/// <summary>Builds the overview's KPI cards from two periods' metrics.</summary>
public static class KpiCards
{
    public static IReadOnlyList<KpiView> Build(Metrics now, Metrics before, Formats f) =>
    [
        Card("calls", "Calls", now.Calls, before.Calls, f.Count(now.Calls), Polarity.Neutral, DeltaStyle.Relative, f),
        Card("connected", "Connected", now.Connected, before.Connected, f.Count(now.Connected), Polarity.HigherIsBetter, DeltaStyle.Relative, f,
            now.ConnectRate is { } rate ? $"{f.Percent(rate)} of calls" : null),
        Card("missed", "Missed", now.Missed, before.Missed, f.Count(now.Missed), Polarity.LowerIsBetter, DeltaStyle.Relative, f,
            now.Unanswered > 0 ? $"+ {f.Count(now.Unanswered)} outgoing unanswered" : null),
        Card("duration", "Avg. talk time", now.AverageDuration, before.AverageDuration, f.Duration(now.AverageDuration), Polarity.Neutral, DeltaStyle.Seconds, f, "connected calls"),
        Card("score", "Avg. score", now.AverageScore, before.AverageScore, f.Number(now.AverageScore), Polarity.HigherIsBetter, DeltaStyle.Absolute, f, "MiiTel's overall score"),
        Card("talkRatio", "Avg. talk ratio", now.AverageTalkRatio, before.AverageTalkRatio, f.Percent(now.AverageTalkRatio), Polarity.CloserToBandIsBetter, DeltaStyle.PercentagePoints, f,
            $"benchmark {f.Percent(TalkRatioBenchmark.Low, 0)}–{f.Percent(TalkRatioBenchmark.High, 0)}"),
        Card("overlaps", "Overlaps / call", now.OverlapsPerCall, before.OverlapsPerCall, f.Number(now.OverlapsPerCall), Polarity.LowerIsBetter, DeltaStyle.Absolute, f, "talking over the customer"),
        Card("silences", "Silences / call", now.SilencesPerCall, before.SilencesPerCall, f.Number(now.SilencesPerCall), Polarity.LowerIsBetter, DeltaStyle.Absolute, f, "pauses of 3 s or more"),
        Card("positive", "Customer positive", now.AveragePositive, before.AveragePositive, f.Number(now.AveragePositive, 2), Polarity.HigherIsBetter, DeltaStyle.Absolute, f, "emotion score 0–1"),
        Card("negative", "Customer negative", now.AverageNegative, before.AverageNegative, f.Number(now.AverageNegative, 2), Polarity.LowerIsBetter, DeltaStyle.Absolute, f, "emotion score 0–1"),
    ];

    private static KpiView Card(string key, string label, double? now, double? before, string value, Polarity polarity, DeltaStyle style, Formats f, string? hint = null)
    {
        var delta = KpiDelta.Of(now, before, polarity);
        return new KpiView(key, label, value, DeltaText(delta, style, f), delta.Tone, delta.Direction, hint);
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
            DeltaStyle.PercentagePoints => f.Number(magnitude * 100) + " pt",
            DeltaStyle.Seconds => f.Duration(magnitude),
            _ => f.Number(magnitude, 2),
        };
        // A change too small to show at this precision reads as none, not as "−0.00".
        return text.Any(c => char.IsDigit(c) && c != '0') ? sign + text : "±0";
    }
}
