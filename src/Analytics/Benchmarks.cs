namespace MiiTelDashboard.Analytics;

/// <summary>Where a value sits against a benchmark band.</summary>
public enum BandPosition { Unknown, Below, Within, Above }

/// <summary>The operator talk-ratio benchmark band, and where a ratio falls in it.</summary>
public static class TalkRatioBenchmark
{
    // MiiTel's overall score deducts (operator talk % − 40), i.e. 40% is its neutral point (MiiTel support, see docs MIITEL-WEBHOOK.md).
    public const double Low = 0.40;
    // Gong Labs, 25,537 sales calls: top converters talk about 43% of the time.
    public const double High = 0.43;

    public static BandPosition Assess(double? tlr) => tlr switch
    {
        null => BandPosition.Unknown,
        < Low => BandPosition.Below,
        > High => BandPosition.Above,
        _ => BandPosition.Within,
    };

    /// <summary>Distance in percentage points from the nearest edge of the band (0 inside it).</summary>
    public static double? PointsOutside(double? tlr) => tlr switch
    {
        null => null,
        < Low => (Low - tlr.Value) * 100,
        > High => (tlr.Value - High) * 100,
        _ => 0,
    };
}
