namespace MiiTelDashboard.Components.Catalog;

/// <summary>
/// MiiTel's published make-up of the overall score (MiiTel support, summarised in
/// MIITEL-WEBHOOK.md): 50 + duration points − (operator talk % − 40) − 10 × overlaps per minute
/// − 10 × silences per minute. It explains a score; the score itself always comes from MiiTel.
/// </summary>
public sealed record ScoreExplanation(double Base, double DurationPoints, double? TalkRatioPoints, double? OverlapPoints, double? SilencePoints)
{
    // MiiTel support: every score starts from 50.
    public const double BasePoints = 50;
    // MiiTel support: talk share above 40% costs a point per percentage point (and below earns one).
    public const double NeutralTalkPercent = 40;
    // MiiTel support: 10 points per overlap (≥1 s) or silence (≥3 s) per minute.
    public const double PointsPerEventPerMinute = 10;

    public double Estimate => Base + DurationPoints + (TalkRatioPoints ?? 0) + (OverlapPoints ?? 0) + (SilencePoints ?? 0);

    public static ScoreExplanation For(double durationSeconds, double? tlr, int? overlaps, int? silences)
    {
        return new ScoreExplanation(
            BasePoints,
            PointsForDuration(durationSeconds),
            tlr is { } t ? -(t * 100 - NeutralTalkPercent) : null,
            -PointsPerEventPerMinute * PerMinute(overlaps, durationSeconds),
            -PointsPerEventPerMinute * PerMinute(silences, durationSeconds));
    }

    /// <summary>Events (overlaps, silences) per minute of talk; null without a count or without talk.</summary>
    public static double? PerMinute(int? count, double durationSeconds) =>
        count is { } n && durationSeconds > 0 ? n / (durationSeconds / 60) : null;

    /// <summary>MiiTel support's duration table: &lt;5 min 0, 5–10 +30, 10–30 +50, 30–40 +30, 40–50 0, 50–60 −10, ≥60 −20.</summary>
    public static double PointsForDuration(double seconds)
    {
        var minutes = seconds / 60;
        return minutes switch
        {
            < 5 => 0,
            < 10 => 30,
            < 30 => 50,
            < 40 => 30,
            < 50 => 0,
            < 60 => -10,
            _ => -20,
        };
    }
}
