using MiiTelDashboard.Components.Catalog;

namespace MiiTelDashboard.Analytics;

/// <summary>
/// Sums and counts of one group of calls (a day, a user, a circuit), straight from SQL. Averages
/// are derived from these (never averaged again), so groups can be combined exactly.
/// </summary>
public sealed record MetricRow<TKey>
{
    public required TKey Key { get; init; }
    public string? Label { get; init; }
    public long Calls { get; init; }
    public long Connected { get; init; }
    public long Missed { get; init; }
    public long Unanswered { get; init; }
    /// <summary>Talk seconds of connected calls.</summary>
    public double DurationSum { get; init; }
    public double ScoreSum { get; init; }
    public long ScoreCount { get; init; }
    public double TlrSum { get; init; }
    public long TlrCount { get; init; }
    public double OverlapSum { get; init; }
    public long OverlapCount { get; init; }
    public double SilenceSum { get; init; }
    public long SilenceCount { get; init; }
    public double PositiveSum { get; init; }
    public long PositiveCount { get; init; }
    public double NegativeSum { get; init; }
    public long NegativeCount { get; init; }

    public Metrics Metrics => Metrics.From([this]);
}

/// <summary>The dashboard's metrics for a set of calls. A null average means no call had that value.</summary>
public sealed record Metrics(
    long Calls,
    long Connected,
    long Missed,
    long Unanswered,
    double? AverageDuration,
    double? AverageScore,
    double? AverageTalkRatio,
    double? OverlapsPerCall,
    double? SilencesPerCall,
    double? AveragePositive,
    double? AverageNegative)
{
    public static readonly Metrics None = new(0, 0, 0, 0, null, null, null, null, null, null, null);

    /// <summary>The value of one metric of the catalog.</summary>
    public double? Value(MetricInfo metric) => metric.Key switch
    {
        "calls" => Calls,
        "connected" => Connected,
        "missed" => Missed,
        "duration" => AverageDuration,
        "score" => AverageScore,
        "talkRatio" => AverageTalkRatio,
        "overlaps" => OverlapsPerCall,
        "silences" => SilencesPerCall,
        "positive" => AveragePositive,
        "negative" => AverageNegative,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric.Key, "Not a metric of the catalog."),
    };

    /// <summary>Share of calls that connected; null without calls.</summary>
    public double? ConnectRate => Calls == 0 ? null : (double)Connected / Calls;

    public static Metrics From<TKey>(IEnumerable<MetricRow<TKey>> rows)
    {
        long calls = 0, connected = 0, missed = 0, unanswered = 0, scoreN = 0, tlrN = 0, overlapN = 0, silenceN = 0, posN = 0, negN = 0;
        double duration = 0, score = 0, tlr = 0, overlap = 0, silence = 0, pos = 0, neg = 0;
        foreach (var r in rows)
        {
            calls += r.Calls; connected += r.Connected; missed += r.Missed; unanswered += r.Unanswered;
            duration += r.DurationSum;
            score += r.ScoreSum; scoreN += r.ScoreCount;
            tlr += r.TlrSum; tlrN += r.TlrCount;
            overlap += r.OverlapSum; overlapN += r.OverlapCount;
            silence += r.SilenceSum; silenceN += r.SilenceCount;
            pos += r.PositiveSum; posN += r.PositiveCount;
            neg += r.NegativeSum; negN += r.NegativeCount;
        }
        static double? Avg(double sum, long n) => n == 0 ? null : sum / n;
        return new Metrics(calls, connected, missed, unanswered,
            Avg(duration, connected), Avg(score, scoreN), Avg(tlr, tlrN), Avg(overlap, overlapN), Avg(silence, silenceN), Avg(pos, posN), Avg(neg, negN));
    }
}
