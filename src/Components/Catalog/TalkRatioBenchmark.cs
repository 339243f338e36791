using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Components.Catalog;

/// <summary>Where a value sits against a benchmark band.</summary>
public enum BandPosition { Unknown, Below, Within, Above }

/// <summary>The operator talk-ratio benchmark band, where a ratio falls in it, and how that is shown.</summary>
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

    /// <summary>The band as text, e.g. "40%–43%" in the viewer's culture.</summary>
    public static string BandText(Formats f) => $"{f.Percent(Low, 0)}–{f.Percent(High, 0)}";

    /// <summary>The CSS class that colours a ratio by its place in the band (<c>wwwroot/app.css</c>).</summary>
    public static string CssClass(double? tlr) => Assess(tlr) switch
    {
        BandPosition.Within => "talk-within",
        BandPosition.Above => "talk-above",
        BandPosition.Below => "talk-below",
        _ => "",
    };

    /// <summary>"Within the band", "5 pts above", … for one call's ratio.</summary>
    public static string Verdict(double? tlr, Formats f)
    {
        var points = f.Number(PointsOutside(tlr), 0);
        var one = points == f.Number(1, 0);
        return Assess(tlr) switch
        {
            BandPosition.Within => Words.Get("Benchmark.Within"),
            BandPosition.Above => Words.Format(one ? "Benchmark.AboveOne" : "Benchmark.Above", points),
            BandPosition.Below => Words.Format(one ? "Benchmark.BelowOne" : "Benchmark.Below", points),
            _ => Words.Get("Benchmark.NoAnalysis"),
        };
    }
}
