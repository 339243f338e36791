namespace MiiTelDashboard.Calls;

/// <summary>Placeholder until dash-ui's TalkRatioBenchmark is merged.</summary>
public static class TalkRatioBand
{
    public enum Position { Unknown, Below, Within, Above }
    // MiiTel's score formula is neutral at 40% operator talk (MiiTel support).
    public const double Low = 0.40;
    // Gong Labs, 25,537 calls: top converters talk about 43%.
    public const double High = 0.43;
    public static Position Of(double? tlr) => tlr switch { null => Position.Unknown, < Low => Position.Below, > High => Position.Above, _ => Position.Within };
}
