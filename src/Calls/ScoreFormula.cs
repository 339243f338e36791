namespace MiiTelDashboard.Calls;

/// <summary>The parts MiiTel's overall score is made of, per the formula MiiTel support published.</summary>
public sealed record ScoreBreakdown(double Base, double DurationPoints, double? TalkRatioPoints, double OverlapPoints, double SilencePoints, double Minutes)
{
    /// <summary>The formula's result; MiiTel shows scores between 0 and 100, so it is clamped like the sender's.</summary>
    public double Total => Math.Clamp(Base + DurationPoints + (TalkRatioPoints ?? 0) + OverlapPoints + SilencePoints, 0, 100);
}

/// <summary>
/// MiiTel's overall speech score: 50 + duration points − (operator talk % − 40) − 10 × overlaps per
/// minute − 10 × silences per minute (MiiTel support, see docs of the webhook in MIITEL-WEBHOOK.md).
/// Used to explain a score in the UI and to give demo calls believable scores; the score stored is
/// always the one MiiTel sent.
/// </summary>
public static class ScoreFormula
{
    /// <summary>Starting points (MiiTel support, "overall score" formula).</summary>
    public const double BasePoints = 50;
    /// <summary>Operator talk share, in percent, that costs nothing; each point above costs one (MiiTel support).</summary>
    public const double TalkRatioPivotPercent = 40;
    /// <summary>Points lost per overlap per minute of talk (MiiTel support).</summary>
    public const double OverlapPenaltyPerMinute = 10;
    /// <summary>Points lost per silence per minute of talk (MiiTel support).</summary>
    public const double SilencePenaltyPerMinute = 10;
    /// <summary>Shortest silence MiiTel counts, in seconds (MiiTel support).</summary>
    public const double MinSilenceSeconds = 3;
    /// <summary>Shortest overlap MiiTel counts, in seconds (MiiTel support).</summary>
    public const double MinOverlapSeconds = 1;

    /// <summary>Duration points: &lt;5 min 0, 5–10 +30, 10–30 +50, 30–40 +30, 40–50 0, 50–60 −10, ≥60 −20 (MiiTel support).</summary>
    public static double DurationPoints(double seconds) => (seconds / 60) switch
    {
        < 5 => 0,
        < 10 => 30,
        < 30 => 50,
        < 40 => 30,
        < 50 => 0,
        < 60 => -10,
        _ => -20,
    };

    public static ScoreBreakdown Explain(double durationSeconds, double? tlr, int? overlaps, int? silences)
    {
        var minutes = Math.Max(durationSeconds, 1) / 60;
        return new ScoreBreakdown(
            BasePoints,
            DurationPoints(durationSeconds),
            tlr is { } t ? -(t * 100 - TalkRatioPivotPercent) : null,
            -OverlapPenaltyPerMinute * (overlaps ?? 0) / minutes,
            -SilencePenaltyPerMinute * (silences ?? 0) / minutes,
            minutes);
    }
}
