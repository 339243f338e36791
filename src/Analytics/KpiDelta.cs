using MiiTelDashboard.Components.Catalog;

namespace MiiTelDashboard.Analytics;

/// <summary>Whether a rise of a metric is good news, bad news, or neither.</summary>
public enum Polarity { HigherIsBetter, LowerIsBetter, Neutral, CloserToBandIsBetter }

public enum DeltaTone { Neutral, Good, Bad }

/// <summary>
/// The change of a KPI against the previous period of the same length. Relative change is left
/// out when the previous value is 0 or missing (a percentage of nothing means nothing).
/// </summary>
public sealed record KpiDelta(double? Current, double? Previous, double? Absolute, double? Relative, DeltaTone Tone)
{
    /// <summary>Below this share of change the arrow stays flat, so noise does not look like news.</summary>
    public const double FlatThreshold = 0.005;

    public int Direction
    {
        get
        {
            if (Absolute is not { } a) return 0;
            var flat = Relative is { } r ? Math.Abs(r) < FlatThreshold : Math.Abs(a) < 1e-9;
            return flat ? 0 : Math.Sign(a);
        }
    }

    public static KpiDelta Of(double? current, double? previous, Polarity polarity)
    {
        if (current is not { } c || previous is not { } p) return new(current, previous, null, null, DeltaTone.Neutral);
        var absolute = c - p;
        double? relative = Math.Abs(p) < 1e-12 ? null : absolute / Math.Abs(p);
        var delta = new KpiDelta(c, p, absolute, relative, DeltaTone.Neutral);
        var tone = delta.Direction == 0 ? DeltaTone.Neutral : polarity switch
        {
            Polarity.HigherIsBetter => absolute > 0 ? DeltaTone.Good : DeltaTone.Bad,
            Polarity.LowerIsBetter => absolute < 0 ? DeltaTone.Good : DeltaTone.Bad,
            Polarity.CloserToBandIsBetter => Closer(c, p),
            _ => DeltaTone.Neutral,
        };
        return delta with { Tone = tone };
    }

    private static DeltaTone Closer(double current, double previous)
    {
        var now = TalkRatioBenchmark.PointsOutside(current)!.Value;
        var before = TalkRatioBenchmark.PointsOutside(previous)!.Value;
        return Math.Abs(now - before) < 1e-9 ? DeltaTone.Neutral : now < before ? DeltaTone.Good : DeltaTone.Bad;
    }
}
