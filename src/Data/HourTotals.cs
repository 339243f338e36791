namespace MiiTelDashboard.Data;

/// <summary>
/// Sums and counts of the calls that started in one UTC hour, per key (<see cref="CircuitHour"/>,
/// <see cref="UserHour"/>): the same figures <c>MetricQueries.Aggregate</c> computes from
/// <c>Details</c>, added up ahead of time so that a page over 30 days reads thousands of rows
/// instead of hundreds of thousands. A whole UTC hour is a whole local hour in every zone with a
/// whole-hour offset, so days and hours of the week in such a zone are sums of these rows.
/// </summary>
/// <para>
/// Database triggers on <c>Details</c> keep them (migration <c>HourTotals</c> on each provider):
/// an insert adds the call, a delete subtracts it, and an update of any column they read subtracts
/// the old row and adds the new one — in the statement that changes the call, so in its
/// transaction, whichever code path changes it (ingest, a section merge, deletion, retention).
/// A key's text columns hold "" for none, so they can be part of the primary key.
/// </para>
public abstract class HourTotals
{
    /// <summary>Talk-ratio histogram buckets, as on the overview (5 percentage points each).</summary>
    public const int TlrBuckets = 20;

    /// <summary>Unix seconds of the hour's start (UTC).</summary>
    public long HourEpoch { get; set; }
    public long Calls { get; set; }
    public long Connected { get; set; }
    public long Missed { get; set; }
    public long Unanswered { get; set; }
    /// <summary>Talk seconds of connected calls.</summary>
    public double DurationSum { get; set; }
    public double ScoreSum { get; set; }
    public long ScoreCount { get; set; }
    public double TlrSum { get; set; }
    public long TlrCount { get; set; }
    public double OverlapSum { get; set; }
    public long OverlapCount { get; set; }
    public double SilenceSum { get; set; }
    public long SilenceCount { get; set; }
    public double PositiveSum { get; set; }
    public long PositiveCount { get; set; }
    public double NegativeSum { get; set; }
    public long NegativeCount { get; set; }
    // Calls per talk-ratio bucket: clamp(floor(Tlr × 20), 0, 19); a call without a ratio is in none.
    public long Tlr00 { get; set; }
    public long Tlr01 { get; set; }
    public long Tlr02 { get; set; }
    public long Tlr03 { get; set; }
    public long Tlr04 { get; set; }
    public long Tlr05 { get; set; }
    public long Tlr06 { get; set; }
    public long Tlr07 { get; set; }
    public long Tlr08 { get; set; }
    public long Tlr09 { get; set; }
    public long Tlr10 { get; set; }
    public long Tlr11 { get; set; }
    public long Tlr12 { get; set; }
    public long Tlr13 { get; set; }
    public long Tlr14 { get; set; }
    public long Tlr15 { get; set; }
    public long Tlr16 { get; set; }
    public long Tlr17 { get; set; }
    public long Tlr18 { get; set; }
    public long Tlr19 { get; set; }

    /// <summary>The bucket of a talk ratio, as the triggers compute it.</summary>
    public static int TlrBucket(double tlr) => (int)Math.Clamp(Math.Floor(tlr * TlrBuckets), 0, TlrBuckets - 1);

    /// <summary>The start of the UTC hour of <paramref name="epoch"/> (floor, also before 1970).</summary>
    public static long HourOf(long epoch) => epoch - (((epoch % 3600) + 3600) % 3600);
}

/// <summary>Calls per UTC hour × circuit (number and name, as the calls carry them) × call type.</summary>
public sealed class CircuitHour : HourTotals
{
    public string CircuitNumber { get; set; } = "";
    public string CircuitName { get; set; } = "";
    public string CallType { get; set; } = "";
}

/// <summary>Calls per UTC hour × operator (name and login id, as the calls carry them).</summary>
public sealed class UserHour : HourTotals
{
    public string OperatorName { get; set; } = "";
    public string OperatorLoginId { get; set; } = "";
}

/// <summary>
/// Calls per UTC day × operator: the users ranking and the user filter's choices add whole days from here
/// and only the hours at a period's two ends from <see cref="UserHour"/> (500 users make ~2.5 calls per
/// user and hour, so the hour rows alone were barely fewer than the calls). <see cref="HourTotals.HourEpoch"/>
/// is the day's first hour (00:00 UTC).
/// </summary>
public sealed class UserDay : HourTotals
{
    public string OperatorName { get; set; } = "";
    public string OperatorLoginId { get; set; } = "";
}
